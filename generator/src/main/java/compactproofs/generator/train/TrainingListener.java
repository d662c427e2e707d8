package compactproofs.generator.train;

/** Progress of a training run; called once after every optimizer step, on the training thread. */
@FunctionalInterface
public interface TrainingListener {
    /**
     * @param stepsDone      steps completed so far (1..totalSteps)
     * @param totalSteps     steps in the run
     * @param loss           mean cross-entropy of the batch just used (before its update)
     * @param recentAccuracy fraction of strictly correct predictions over the last (up to) 10 batches
     */
    void onStep(int stepsDone, int totalSteps, double loss, double recentAccuracy);

    /** A listener that ignores every report. */
    TrainingListener NONE = (s, n, l, a) -> { };
}
