package org.powerhotspots.backfill;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.apache.avro.file.DataFileStream;
import org.apache.avro.generic.GenericDatumReader;

/** Finds and checks backfill input files before any job starts, so a bad path is a clear error. */
public final class InputFiles {
    private InputFiles() {}

    /** A checked input file and its (uncompressed) size, for the progress share. */
    public record InputFile(Path path, long size) {}

    /** Thrown for input that cannot be read at all; the message names the file. */
    public static final class UnreadableInput extends Exception {
        public UnreadableInput(String message) {
            super(message);
        }
    }

    /** The .jsonl, .jsonl.gz, .json, .json.gz and .avro files at {@code path} (a file or a folder, searched recursively). */
    public static List<InputFile> find(String what, Path path) throws UnreadableInput {
        if (!Files.exists(path)) {
            throw new UnreadableInput(what + ": no such file or folder: " + path);
        }
        List<Path> candidates = new ArrayList<>();
        if (Files.isDirectory(path)) {
            try (Stream<Path> walk = Files.walk(path)) {
                walk.filter(Files::isRegularFile)
                        .filter(p -> !p.getFileName().toString().startsWith("."))
                        .sorted()
                        .forEach(candidates::add);
            } catch (IOException e) {
                throw new UnreadableInput(what + ": cannot list folder " + path + ": " + e.getMessage());
            }
            if (candidates.isEmpty()) {
                throw new UnreadableInput(what + ": folder " + path + " holds no input files");
            }
        } else {
            candidates.add(path);
        }
        List<InputFile> files = new ArrayList<>();
        for (Path p : candidates) {
            files.add(check(what, p));
        }
        return files;
    }

    static InputFile check(String what, Path p) throws UnreadableInput {
        String name = p.getFileName().toString();
        if (!Files.isReadable(p)) {
            throw new UnreadableInput(what + ": cannot read " + p + " (permissions?)");
        }
        try {
            long size = Files.size(p);
            if (name.endsWith(".jsonl.gz") || name.endsWith(".json.gz")) {
                try (InputStream in = new GZIPInputStream(new BufferedInputStream(Files.newInputStream(p)))) {
                    in.readNBytes(64 * 1024);
                } catch (IOException e) {
                    throw new UnreadableInput(what + ": " + p + " is not a readable gzip file (" + e.getMessage() + ")");
                }
                return new InputFile(p, gzipUncompressedSize(p, size));
            }
            if (name.endsWith(".jsonl") || name.endsWith(".json")) {
                return new InputFile(p, size);
            }
            if (name.endsWith(".avro")) {
                try (DataFileStream<Object> in = new DataFileStream<>(Files.newInputStream(p), new GenericDatumReader<>())) {
                    in.getSchema();
                } catch (IOException e) {
                    throw new UnreadableInput(what + ": " + p + " is not an Avro object-container file (" + e.getMessage() + ")");
                }
                return new InputFile(p, size);
            }
        } catch (IOException e) {
            throw new UnreadableInput(what + ": cannot read " + p + ": " + e.getMessage());
        }
        throw new UnreadableInput(what + ": unknown file type " + p
                + " (expected .jsonl, .jsonl.gz, .json, .json.gz or .avro)");
    }

    /** The gzip trailer's ISIZE (size mod 2^32): good enough for a progress share. */
    private static long gzipUncompressedSize(Path p, long compressed) {
        try (RandomAccessFile f = new RandomAccessFile(p.toFile(), "r")) {
            if (compressed < 4) {
                return compressed;
            }
            f.seek(compressed - 4);
            long isize = (f.read() & 0xff) | (f.read() & 0xff) << 8 | (f.read() & 0xff) << 16 | ((long) f.read() & 0xff) << 24;
            return Math.max(isize, compressed);
        } catch (IOException e) {
            return compressed * 5;
        }
    }
}
