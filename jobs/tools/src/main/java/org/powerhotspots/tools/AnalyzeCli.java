package org.powerhotspots.tools;

import org.powerhotspots.text.TopicScore;

import org.powerhotspots.text.ComplaintAnalyzer;

import org.powerhotspots.text.ComplaintAnalysis;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** Command line behind scripts/analyze: complaint texts on stdin, one JSON analysis (or token line) per line on stdout. */
public final class AnalyzeCli {
    private AnalyzeCli() {}

    public static void main(String[] args) throws IOException {
        boolean tokensOnly = false;
        Path rules = null;
        String category = null;
        String model = ComplaintAnalyzer.BUNDLED_MODEL;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--tokens-only" -> tokensOnly = true;
                case "--rules" -> rules = Path.of(requireValue(args, ++i, "--rules"));
                case "--category" -> category = requireValue(args, ++i, "--category");
                case "--model" -> model = requireValue(args, ++i, "--model");
                default -> {
                    System.err.println("analyze: unknown argument " + args[i]);
                    System.exit(2);
                }
            }
        }
        ComplaintAnalyzer analyzer = ComplaintAnalyzer.create(rules, model);
        ObjectMapper json = new ObjectMapper();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        BufferedWriter out = new BufferedWriter(new OutputStreamWriter(new PrintStream(System.out, false, StandardCharsets.UTF_8), StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            if (tokensOnly) {
                out.write(String.join(" ", analyzer.tokenize(line)));
            } else {
                ComplaintAnalysis a = analyzer.analyze(line, category);
                ObjectNode node = json.createObjectNode();
                node.put("text", a.original());
                node.put("normalized", a.normalized());
                ArrayNode tokens = node.putArray("tokens");
                a.tokens().forEach(tokens::add);
                ArrayNode topics = node.putArray("topics");
                for (TopicScore t : a.topics()) {
                    topics.addObject().put("topic", t.topic().name()).put("confidence", t.confidence());
                }
                if (!a.enquiries().isEmpty()) {
                    ArrayNode enquiries = node.putArray("enquiries");
                    a.enquiries().forEach(t -> enquiries.add(t.name()));
                }
                ArrayNode keywords = node.putArray("keywords");
                a.keywords().forEach(keywords::add);
                ArrayNode themeTerms = node.putArray("theme_terms");
                a.themeTerms().forEach(themeTerms::add);
                out.write(json.writeValueAsString(node));
            }
            out.newLine();
        }
        out.flush();
    }

    private static String requireValue(String[] args, int i, String flag) {
        if (i >= args.length) {
            System.err.println("analyze: " + flag + " needs a value");
            System.exit(2);
        }
        return args[i];
    }
}
