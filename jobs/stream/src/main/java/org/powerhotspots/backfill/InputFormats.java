package org.powerhotspots.backfill;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.apache.avro.file.DataFileStream;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.impl.StreamFormatAdapter;
import org.apache.flink.connector.file.src.reader.BulkFormat;
import org.apache.flink.connector.file.src.reader.SimpleStreamFormat;
import org.apache.flink.connector.file.src.reader.StreamFormat;
import org.apache.flink.core.fs.FSDataInputStream;
import org.powerhotspots.io.KafkaIO;
import org.powerhotspots.decode.RecordDecoder;
import org.powerhotspots.records.Decoded;
import org.powerhotspots.schema.Complaint;
import org.powerhotspots.schema.Outage;

/**
 * File formats of the backfill: JSON Lines (optionally .gz; Flink decompresses by extension) and
 * Avro object-container files. Each record carries its file and line (or record number), so a
 * dead letter names where it came from. Bad lines never stop a run.
 */
public final class InputFormats {
    private InputFormats() {}

    /** A bulk format that knows the file of each split and picks the parser by its extension. */
    public static BulkFormat<Decoded, FileSourceSplit> forKind(KafkaIO.Kind kind, RecordDecoder decoder) {
        return new PathAware(kind, decoder);
    }

    static final class PathAware implements BulkFormat<Decoded, FileSourceSplit> {
        private static final long serialVersionUID = 1L;
        private final KafkaIO.Kind kind;
        private final RecordDecoder decoder;

        PathAware(KafkaIO.Kind kind, RecordDecoder decoder) {
            this.kind = kind;
            this.decoder = decoder;
        }

        private StreamFormatAdapter<Decoded> adapter(FileSourceSplit split) {
            String path = split.path().toString();
            StreamFormat<Decoded> format = path.endsWith(".avro") ? new AvroFormat(kind, path, decoder)
                    : new JsonLinesFormat(kind, path, decoder);
            return new StreamFormatAdapter<>(format);
        }

        @Override
        public Reader<Decoded> createReader(Configuration config, FileSourceSplit split) throws IOException {
            return adapter(split).createReader(config, split);
        }

        @Override
        public Reader<Decoded> restoreReader(Configuration config, FileSourceSplit split) throws IOException {
            return adapter(split).restoreReader(config, split);
        }

        @Override
        public boolean isSplittable() {
            return false;
        }

        @Override
        public TypeInformation<Decoded> getProducedType() {
            return TypeInformation.of(Decoded.class);
        }
    }

    /** One JSON object per line; blank lines are skipped, bad ones become dead letters. */
    static final class JsonLinesFormat extends SimpleStreamFormat<Decoded> {
        private static final long serialVersionUID = 1L;
        private final KafkaIO.Kind kind;
        private final String path;
        private final RecordDecoder decoder;

        JsonLinesFormat(KafkaIO.Kind kind, String path, RecordDecoder decoder) {
            this.kind = kind;
            this.path = path;
            this.decoder = decoder;
        }

        @Override
        public Reader<Decoded> createReader(Configuration config, FSDataInputStream stream) {
            // Lines are read as bytes: a line that is not valid UTF-8 becomes a dead letter with its original
            // bytes instead of being decoded with replacement characters.
            java.io.InputStream in = new CountingStream(stream);
            return new Reader<>() {
                long lineNumber;
                final byte[] buffer = new byte[1 << 16];
                int position;
                int limit;
                final java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream(512);

                /** The next line, or null at the end of the file or where it breaks (remembered in {@code broken}). */
                private byte[] nextLineOrBroken() {
                    try {
                        return nextLine();
                    } catch (IOException e) {
                        broken = true;
                        brokenBy = e;
                        return null;
                    }
                }

                IOException brokenBy;

                /** The next line without its end (\n or \r\n), or null at the end of the file. */
                private byte[] nextLine() throws IOException {
                    line.reset();
                    boolean any = false;
                    while (true) {
                        if (position == limit) {
                            limit = in.read(buffer, 0, buffer.length);
                            position = 0;
                            if (limit <= 0) {
                                limit = 0;
                                return any ? trimCarriageReturn(line.toByteArray()) : null;
                            }
                        }
                        any = true;
                        int start = position;
                        while (position < limit && buffer[position] != '\n') {
                            position++;
                        }
                        line.write(buffer, start, position - start);
                        if (position < limit) {
                            position++; // the \n
                            return trimCarriageReturn(line.toByteArray());
                        }
                    }
                }

                boolean broken;

                @Override
                public Decoded read() throws IOException {
                    if (broken) {
                        return null;
                    }
                    byte[] bytes;
                    while ((bytes = nextLineOrBroken()) != null) {
                        lineNumber++;
                        if (isBlank(bytes)) {
                            continue;
                        }
                        BackfillProgress.recordRead();
                        RecordDecoder.Origin origin = new RecordDecoder.Origin(path, -1, lineNumber);
                        return kind == KafkaIO.Kind.COMPLAINT
                                ? decoder.complaintFromJsonBytes(bytes, origin) : decoder.outageFromJsonBytes(bytes, origin);
                    }
                    if (broken) {
                        // One dead letter for what the file lost, then the next file: the backfill goes on.
                        return decoder.corruptFile(new RecordDecoder.Origin(path, -1, lineNumber),
                                brokenBy.getClass().getSimpleName() + ": " + brokenBy.getMessage());
                    }
                    return null;
                }

                @Override
                public void close() throws IOException {
                    in.close();
                }
            };
        }

        private static byte[] trimCarriageReturn(byte[] bytes) {
            int n = bytes.length;
            return n > 0 && bytes[n - 1] == '\r' ? java.util.Arrays.copyOf(bytes, n - 1) : bytes;
        }

        private static boolean isBlank(byte[] bytes) {
            for (byte b : bytes) {
                if (b != ' ' && b != '\t' && b != '\r') {
                    return false;
                }
            }
            return true;
        }

        @Override
        public TypeInformation<Decoded> getProducedType() {
            return TypeInformation.of(Decoded.class);
        }
    }

    /** Avro object-container files; a corrupt block ends that file with one dead letter. */
    static final class AvroFormat extends SimpleStreamFormat<Decoded> {
        private static final long serialVersionUID = 1L;
        private final KafkaIO.Kind kind;
        private final String path;
        private final RecordDecoder decoder;

        AvroFormat(KafkaIO.Kind kind, String path, RecordDecoder decoder) {
            this.kind = kind;
            this.path = path;
            this.decoder = decoder;
        }

        @Override
        public Reader<Decoded> createReader(Configuration config, FSDataInputStream stream) throws IOException {
            Class<? extends SpecificRecordBase> type = kind == KafkaIO.Kind.COMPLAINT ? Complaint.class : Outage.class;
            DataFileStream<? extends SpecificRecordBase> records =
                    new DataFileStream<>(new CountingStream(stream), new SpecificDatumReader<>(type));
            return new Reader<>() {
                long recordNumber;
                boolean broken;

                @Override
                public Decoded read() {
                    if (broken) {
                        return null;
                    }
                    try {
                        if (!records.hasNext()) {
                            return null;
                        }
                        SpecificRecordBase r = records.next();
                        recordNumber++;
                        BackfillProgress.recordRead();
                        RecordDecoder.Origin origin = new RecordDecoder.Origin(path, -1, recordNumber);
                        byte[] raw = r.toString().getBytes(StandardCharsets.UTF_8);
                        return kind == KafkaIO.Kind.COMPLAINT
                                ? decoder.complaintFromRecord((Complaint) r, origin, raw)
                                : decoder.outageFromRecord((Outage) r, origin, raw);
                    } catch (RuntimeException e) {
                        broken = true;
                        return Decoded.dead(org.powerhotspots.records.DeadLetter.of(path, -1, recordNumber + 1, "CORRUPT",
                                path + ": unreadable Avro data after record " + recordNumber + " (" + e + "); rest of file skipped",
                                new byte[0]));
                    }
                }

                @Override
                public void close() throws IOException {
                    records.close();
                }
            };
        }

        @Override
        public TypeInformation<Decoded> getProducedType() {
            return TypeInformation.of(Decoded.class);
        }
    }

    /** Counts the (decompressed) bytes a reader consumes, for the progress line. */
    static final class CountingStream extends FilterInputStream {
        CountingStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                BackfillProgress.bytesRead(1);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                BackfillProgress.bytesRead(n);
            }
            return n;
        }
    }
}
