package compactproofs.generator.sweep;

import java.io.IOException;

/**
 * A sweep directory that this run may not extend: it was made with another configuration, or by an
 * older generator whose {@code results.csv} has no configuration columns. A usage error (exit 2).
 */
public final class SweepConfigException extends IOException {
    public SweepConfigException(String message) { super(message); }
}
