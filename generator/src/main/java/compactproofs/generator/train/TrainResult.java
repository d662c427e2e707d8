package compactproofs.generator.train;

import compactproofs.checker.model.Weights;

/**
 * Outcome of a training run.
 *
 * @param weights        every parameter rounded to float32 (biases exactly zero)
 * @param finalLoss      mean loss of the last batch (computed before its update, in double); NaN if 0 steps
 * @param recentAccuracy strict accuracy over the last (up to) 10 training batches; NaN if 0 steps
 */
public record TrainResult(Weights weights, double finalLoss, double recentAccuracy) { }
