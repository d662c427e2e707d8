#!/usr/bin/env python3
"""Writes the outside audit's adversarial models (issue 10) and certificates into testdata/audit/.

Regenerate with `python3 scripts/audit-models.py` (needs numpy). The expected verdicts are listed in
testdata/audit/expected.tsv and checked against the real checker jar by AuditModelsJarTest.
"""
import hashlib, json, os, struct
from fractions import Fraction
import numpy as np

OUT = os.path.join(os.path.dirname(__file__), '..', 'testdata', 'audit')
DEFAULT = 'subcubic:EUPU-mean_query+max_diff--attn-mean_query+diff--attn-err-max_diff'


def write(name, tensors, dtype):
    header, blobs, off = {}, [], 0
    for key, arr in tensors.items():
        a = np.asarray(arr, dtype=np.float32 if dtype == 'F32' else np.float64)
        b = a.tobytes()
        header[key] = {'dtype': dtype, 'shape': list(a.shape), 'data_offsets': [off, off + len(b)]}
        off += len(b)
        blobs.append(b)
    h = json.dumps(header, separators=(',', ':')).encode()
    data = struct.pack('<Q', len(h)) + h + b''.join(blobs)
    with open(os.path.join(OUT, name + '.safetensors'), 'wb') as f:
        f.write(data)
    return hashlib.sha256(data).hexdigest()


def classes(v, n):
    return [[q, m, c] for m in range(v) for q in range(m + 1) for c in range(n)
            if c <= (n - 1 if q == m else n - 2) and (c == 0 or m > 0)]


def cert(name, sha, shape, strategy, count, hints):
    v, n, d, h = shape
    total = v ** n
    f = Fraction(count, total)
    c = {'format': 'compact-proofs/max-of-k-certificate', 'format_version': 1,
         'model': {'sha256': sha, 'vocab': v, 'n_ctx': n, 'd_model': d, 'd_head': h},
         'strategy': strategy,
         'claim': {'correct_count': str(count), 'total': str(total), 'accuracy': f'{f.numerator}/{f.denominator}'},
         'hints': hints}
    with open(os.path.join(OUT, name + '.json'), 'w') as out:
        json.dump(c, out, separators=(',', ':'))


def subcubic_hints(v, n):
    return {'min_gaps': [[[1] * n for _ in range(v)] for _ in range(v)],
            'query_direction': ['1'] * v, 'key_direction': ['1'] * v}


def main():
    os.makedirs(OUT, exist_ok=True)
    # 1. F32 overflow: every score 2^50, uniform attention, correct on 0 of 4 inputs
    e = 2.0 ** 20
    m1 = {'embed.W_E': [[e, 0], [e, 1]], 'pos_embed.W_pos': [[0, 0], [0, 0]],
          'blocks.0.attn.W_Q': [[[1], [0]]], 'blocks.0.attn.W_K': [[[2.0 ** 10], [0]]],
          'blocks.0.attn.W_V': [[[0], [1]]], 'blocks.0.attn.W_O': [[[0, 1]]],
          'unembed.W_U': [[0, 0], [100, 0]], 'unembed.b_U': [0, 0.5]}
    # 2. F64 overflow: embedding and unembedding entries 1e160, correct on 0 of 4 inputs
    e = 1e160
    m2 = dict(m1, **{'embed.W_E': [[e, 0], [e, 1]], 'blocks.0.attn.W_K': [[[1], [0]]], 'unembed.W_U': [[0, 0], [e, 0]]})
    # 3. large score spread: correct on 0 of 4 inputs (logit 0 >= logit 1 always)
    m3 = {'embed.W_E': [[0], [2048]], 'pos_embed.W_pos': [[0], [0]], 'blocks.0.attn.W_Q': [[[1024]]],
          'blocks.0.attn.W_K': [[[1]]], 'blocks.0.attn.W_V': [[[1]]], 'blocks.0.attn.W_O': [[[1]]],
          'unembed.W_U': [[1, 0]]}
    # 4. large spread where the decision rests on an attention weight of about e^(-2^32): the most
    # attended position contributes exactly 0 to the logit difference of input (0, 1), so the model is
    # correct on it by a hair; correct on exactly 1 of 4 inputs ((1,1) and (0,0) are exact ties)
    m4 = dict(m3, **{'blocks.0.attn.W_O': [[[-1]]], 'unembed.W_U': [[-1, 1]]})
    for name, tensors, dtype, shape in (('overflow-f32', m1, 'F32', (2, 2, 2, 1)), ('overflow-f64', m2, 'F64', (2, 2, 2, 1)),
                                        ('spread-f32', m3, 'F32', (2, 2, 1, 1)), ('tinyweight-f32', m4, 'F32', (2, 2, 1, 1))):
        sha = write(name, tensors, dtype)
        v, n = shape[0], shape[1]
        every = {'enumerate': classes(v, n)}
        for count in (0, 1, 2, 4):
            cert(f'{name}.brute-force.claim{count}', sha, shape, 'brute-force', count, {})
            cert(f'{name}.cascade.claim{count}', sha, shape, 'cascade', count, every)
        cert(f'{name}.cubic.claim0', sha, shape, 'cubic', 0, {})
        cert(f'{name}.subcubic.claim0', sha, shape, DEFAULT, 0, subcubic_hints(v, n))
        cert(f'{name}.subcubic.claim1', sha, shape, DEFAULT, 1, subcubic_hints(v, n))
        cert(f'{name}.cubic.claim1', sha, shape, 'cubic', 1, {})


if __name__ == '__main__':
    main()
