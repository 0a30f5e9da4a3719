package org.powerhotspots.text;

import com.hankcs.hanlp.HanLP;
import com.hankcs.hanlp.corpus.io.IIOAdapter;
import com.hankcs.hanlp.corpus.io.ResourceIOAdapter;
import com.hankcs.hanlp.dictionary.CustomDictionary;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;

/**
 * The once-per-JVM HanLP set-up. HanLP's analysis calls are thread-safe but its configuration calls
 * (IOAdapter, CustomDictionary.insert) are not, so they all happen here, under one lock, before any
 * analysis.
 */
final class HanLpRuntime {
    private static final Object LOCK = new Object();
    private static volatile boolean configured;
    private static volatile String loadedDictionary;

    private HanLpRuntime() {}

    /** Reads HanLP data from the classpath and never writes a cache file (works on a read-only jar, leaves the repo clean). */
    static final class ReadOnlyClasspathAdapter implements IIOAdapter {
        private final ResourceIOAdapter delegate = new ResourceIOAdapter();

        @Override
        public InputStream open(String path) throws IOException {
            return delegate.open(path);
        }

        @Override
        public OutputStream create(String path) {
            // HanLP saves .bin caches after building a dictionary from text; we rebuild instead of writing.
            return OutputStream.nullOutputStream();
        }
    }

    /** Points HanLP at the read-only classpath adapter (no effect on results); a second call is a no-op. */
    static void configure() {
        if (configured) {
            return;
        }
        synchronized (LOCK) {
            if (!configured) {
                HanLP.Config.IOAdapter = new ReadOnlyClasspathAdapter();
                HanLP.Config.enableDebug(false);
                configured = true;
            }
        }
    }

    /** Configures HanLP and inserts the power-domain words; a second call with the same dictionary is a no-op. */
    static void ensureLoaded(String dictionaryName, List<String[]> entries) {
        if (configured && dictionaryName.equals(loadedDictionary)) {
            return;
        }
        configure();
        synchronized (LOCK) {
            if (!dictionaryName.equals(loadedDictionary)) {
                for (String[] entry : entries) {
                    CustomDictionary.insert(entry[0], entry[1] + " " + entry[2]);
                }
                loadedDictionary = dictionaryName;
            }
        }
    }
}
