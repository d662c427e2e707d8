package compactproofs.generator.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import compactproofs.checker.format.SafetensorsReader.LoadedModel;
import compactproofs.checker.format.SafetensorsReader;
import compactproofs.checker.model.Weights;
import compactproofs.generator.train.MaxOfKTrainer;
import compactproofs.generator.train.TrainConfig;
import org.junit.jupiter.api.io.TempDir;
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
        assertEquals("train: --vocab must be at least 2, got 1", err.strip());
    }

    @Test
    void progressBarIsThrottledButShowsTheFinalStep() {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        var listener = TrainCommand.progress(new ProgressBar(new PrintStream(buf, true, StandardCharsets.UTF_8), "train", true));
        for (int i = 1; i <= 1000; i++) listener.onStep(i, 1000, 0.5, 0.25);
        String out = buf.toString(StandardCharsets.UTF_8);
        long redraws = out.chars().filter(c -> c == '\r').count();
        assertTrue(redraws >= 2 && redraws < 50, "redraws " + redraws);
        assertTrue(out.contains("step 1000/1000  loss 0.5000  acc(last 10 batches) 0.2500") && out.endsWith(System.lineSeparator()), out);
    }

    @Test
    void writesTheTrainedWeightsAndMetadata(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("m.safetensors");
        PrintStream old = System.err;
        System.setErr(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        int code;
        try {
            code = GeneratorMain.commandLine().execute("train", "--k", "3", "--vocab", "8", "--d-model", "8",
                    "--seed", "5", "--steps", "30", "--batch", "16", "--out", out.toString());
        } finally {
            System.setErr(old);
        }
        assertEquals(0, code);
        LoadedModel m = SafetensorsReader.read(out);
        Weights expected = MaxOfKTrainer.train(TrainConfig.paper(3, 8, 8, 5).withSchedule(30, 16)).weights();
        for (int t = 0; t < 8; t++) org.junit.jupiter.api.Assertions.assertArrayEquals(expected.wE[t], m.weights().wE[t]);
        for (int d = 0; d < 8; d++) org.junit.jupiter.api.Assertions.assertArrayEquals(expected.wU[d], m.weights().wU[d]);
        Weights w = m.weights();
        assertTrue(java.util.stream.Stream.of(w.bQ, w.bK, w.bV, w.bO, w.bU).flatMapToDouble(java.util.Arrays::stream).allMatch(x -> x == 0));
        assertEquals("max-of-K", m.metadata().get("task"));
        assertEquals("pt", m.metadata().get("format"));
        assertEquals("5", m.metadata().get("seed"));
        assertEquals("30", m.metadata().get("steps"));
        assertEquals("compact-proofs", m.metadata().get("trainer"));
    }
}
