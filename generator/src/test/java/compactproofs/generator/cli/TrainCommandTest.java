package compactproofs.generator.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TrainCommandTest {
    @Test
    void badOptionGivesOneLineReasonAndUsageExitCode() {
        PrintStream old = System.err;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setErr(new PrintStream(buf, true, StandardCharsets.UTF_8));
        int code;
        try {
            code = GeneratorMain.commandLine().execute("train", "--seed", "1", "--vocab", "1", "--out", "unused.safetensors");
        } finally {
            System.setErr(old);
        }
        String err = buf.toString(StandardCharsets.UTF_8);
        assertEquals(2, code);
        assertEquals("train: vocab must be at least 2, got 1", err.strip());
    }

    @Test
    void progressBarIsThrottledButShowsTheFinalStep() {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        TrainCommand.ProgressBar bar = new TrainCommand.ProgressBar(new PrintStream(buf, true, StandardCharsets.UTF_8));
        for (int i = 1; i <= 1000; i++) bar.onStep(i, 1000, 0.5, 0.25);
        bar.finish();
        String out = buf.toString(StandardCharsets.UTF_8);
        long redraws = out.chars().filter(c -> c == '\r').count();
        assertTrue(redraws >= 2 && redraws < 50, "redraws " + redraws);
        assertTrue(out.contains("1000/1000") && out.endsWith(System.lineSeparator()), out);
    }
}
