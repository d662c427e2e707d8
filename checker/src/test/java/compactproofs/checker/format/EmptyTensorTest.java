package compactproofs.checker.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import compactproofs.checker.CheckFailure;
import compactproofs.checker.ExitCode;
import org.junit.jupiter.api.Test;
import compactproofs.checker.testing.TinyModel;

/**
 * Empty weight tensors are refused before any matrix is built (fuzzing finding: shapes such as
 * [2^24, 0] made a 500-byte file allocate 2^24 row arrays, about 1 GB, before being refused).
 */
class EmptyTensorTest {
    static final int HUGE = 1 << 24;

    @Test
    void hugeRowCountWithZeroColumnsIsRefusedCheaply() {
        TinyModel t = new TinyModel();
        t.metadata = null;
        t.f32("embed.W_E", "[" + HUGE + ",0]");
        t.f32("pos_embed.W_pos", "[" + HUGE + ",0]");
        for (String w : new String[] {"W_Q", "W_K", "W_V"}) t.f32("blocks.0.attn." + w, "[1,0,1]");
        t.f32("blocks.0.attn.W_O", "[1,1,0]");
        t.f32("unembed.W_U", "[0," + HUGE + "]");
        CheckFailure e = assertThrows(CheckFailure.class, () -> SafetensorsReader.read(t.bytes()));
        assertEquals(ExitCode.MALFORMED, e.code());
        // this check runs before any matrix is built, so the message proves nothing was allocated
        assertEquals("tensor embed.W_E is empty (shape [" + HUGE + ", 0])", e.getMessage());
    }

    @Test
    void eachRequiredTensorMayNotBeEmpty() {
        TinyModel t = TinyModel.standard(1);
        t.f32("blocks.0.attn.W_O", "[1,0,4]");
        CheckFailure e = assertThrows(CheckFailure.class, () -> SafetensorsReader.read(t.bytes()));
        assertEquals(ExitCode.MALFORMED, e.code());
        assertTrue(e.getMessage().startsWith("tensor blocks.0.attn.W_O is empty"), e.getMessage());
    }
}
