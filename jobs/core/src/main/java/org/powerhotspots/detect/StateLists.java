package org.powerhotspots.detect;

import java.util.ArrayList;
import java.util.List;

/** Arrays of a core to and from the lists of its state records (Avro arrays). */
final class StateLists {
    private StateLists() {}

    static List<Double> ofDoubles(double[] a) {
        List<Double> out = new ArrayList<>(a.length);
        for (double v : a) {
            out.add(v);
        }
        return out;
    }

    static List<Long> ofLongs(long[] a) {
        List<Long> out = new ArrayList<>(a.length);
        for (long v : a) {
            out.add(v);
        }
        return out;
    }

    static List<Integer> ofInts(int[] a) {
        List<Integer> out = new ArrayList<>(a.length);
        for (int v : a) {
            out.add(v);
        }
        return out;
    }

    static double[] toDoubles(List<Double> list) {
        double[] out = new double[list.size()];
        fill(out, list);
        return out;
    }

    /** Copies {@code from} into {@code into}; a length that differs is a state laid out differently. */
    static void fill(double[] into, List<Double> from) {
        requireLength(into.length, from.size());
        for (int i = 0; i < into.length; i++) {
            into[i] = from.get(i);
        }
    }

    static void fillLongs(long[] into, List<Long> from) {
        requireLength(into.length, from.size());
        for (int i = 0; i < into.length; i++) {
            into[i] = from.get(i);
        }
    }

    static void fillInts(int[] into, List<Integer> from) {
        requireLength(into.length, from.size());
        for (int i = 0; i < into.length; i++) {
            into[i] = from.get(i);
        }
    }

    private static void requireLength(int expected, int actual) {
        BufferedDetector.requireSameLayout(expected == actual, "an array of " + expected + " (state has " + actual + ")");
    }
}
