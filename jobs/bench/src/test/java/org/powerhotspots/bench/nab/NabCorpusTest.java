package org.powerhotspots.bench.nab;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NabCorpusTest {

    @TempDir
    Path root;

    private void write(String relative, String text) throws IOException {
        Path p = root.resolve(relative);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
    }

    @Test
    void readsRowsAndWindowsOfTheSelectedFilesOnly() throws IOException {
        write("data/realTweets/a.csv", "timestamp,value\n2015-03-01 00:00:53,4\n2015-03-01 00:05:53,7\n2015-03-01 00:10:53,5\n");
        write("data/other/b.csv", "timestamp,value\n2015-03-01 00:00:53,1\n");
        write("labels/combined_windows.json", """
                {"realTweets/a.csv": [["2015-03-01 00:05:53.000000", "2015-03-01 00:10:53.000000"]],
                 "other/b.csv": [], "realTweets/missing.csv": []}""");

        List<NabSeries> corpus = NabCorpus.load(root, p -> p.startsWith("realTweets/"));

        assertEquals(1, corpus.size());
        NabSeries a = corpus.get(0);
        assertEquals("realTweets/a.csv", a.relativePath());
        assertArrayEquals(new double[] {4, 7, 5}, a.values());
        assertEquals(List.of(new NabWindow(a.timestamps()[1], a.timestamps()[2])), a.windows());
        assertEquals(300_000L, a.timestamps()[1] - a.timestamps()[0]);
    }

    @Test
    void windowLimitThatIsNoRowIsRejected() throws IOException {
        write("data/realTweets/a.csv", "timestamp,value\n2015-03-01 00:00:53,4\n2015-03-01 00:05:53,7\n");
        write("labels/combined_windows.json",
                "{\"realTweets/a.csv\": [[\"2015-03-01 00:01:00.000000\", \"2015-03-01 00:05:53.000000\"]]}");

        assertThrows(IllegalArgumentException.class, () -> NabCorpus.load(root, p -> true));
    }
}
