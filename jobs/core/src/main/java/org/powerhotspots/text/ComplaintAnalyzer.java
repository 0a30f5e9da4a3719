package org.powerhotspots.text;

import com.hankcs.hanlp.corpus.tag.Nature;
import com.hankcs.hanlp.seg.common.Term;
import com.hankcs.hanlp.seg.Segment;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.powerhotspots.domain.Topic;

/**
 * Understands one Chinese complaint: normalisation, HanLP segmentation with the power-domain dictionary,
 * rule-based topics and keywords. Serialises as the name of its rules; the heavy state is loaded once per JVM.
 */
public final class ComplaintAnalyzer implements java.io.Serializable {
    /**
     * Topics whose enquiries are a hotspot's signal: a long outage brings calls asking when power returns before
     * (and beside) complaints about it. A question about any other topic (峰谷电怎么申请) says nothing is wrong.
     */
    static final java.util.Set<Topic> ENQUIRY_TOPICS = java.util.EnumSet.of(Topic.OUTAGE_LONG);

    private static final long serialVersionUID = 1L;

    static final String DICTIONARY_RESOURCE = "text/power-dictionary.txt";
    static final String RULES_RESOURCE = "text/topic-rules.tsv";
    static final String STOPWORDS_RESOURCE = "text/stopwords.txt";
    /** The topic model shipped with the product (scripts/train-topics on the bundled corpus). */
    public static final String MODEL_RESOURCE = "text/topic-model.tsv.gz";
    /** {@code text.topic-model} value for the shipped model, and for rules alone. */
    public static final String BUNDLED_MODEL = "bundled";
    public static final String NO_MODEL = "none";
    private static final String SENTENCE_ENDS = "。.!?！？;；…";

    /** Loaded engines per rules source, shared by every analyzer of the JVM (one per Flink task manager). */
    private static final ConcurrentHashMap<String, Engine> ENGINES = new ConcurrentHashMap<>();

    /** "classpath:text/topic-rules.tsv" or a file path an analyst is trying out. */
    private final String rulesSource;
    /** {@link #BUNDLED_MODEL}, {@link #NO_MODEL} or the path of a model file (setting text.topic-model). */
    private final String modelSource;

    private transient volatile Engine engine;

    private ComplaintAnalyzer(String rulesSource, String modelSource) {
        this.rulesSource = rulesSource;
        this.modelSource = modelSource;
    }

    /** The analyzer with the bundled dictionary, rules and model; loads them now so a broken file fails early. */
    public static ComplaintAnalyzer createDefault() {
        return create(null, BUNDLED_MODEL);
    }

    /** The bundled dictionary and rules with a topic model: "bundled", "none" (rules alone) or a model file. */
    public static ComplaintAnalyzer withModel(String model) {
        return create(null, model);
    }

    /** The bundled dictionary with the rules of an edited file (used by scripts/analyze --rules). */
    public static ComplaintAnalyzer withRulesFile(Path rules) {
        return create(rules, BUNDLED_MODEL);
    }

    /** Rules from a file (null: the bundled rules) and a topic model (see {@link #withModel}). */
    public static ComplaintAnalyzer create(Path rules, String model) {
        String m = model == null || model.isBlank() ? BUNDLED_MODEL : model.strip();
        if (!m.equals(BUNDLED_MODEL) && !m.equals(NO_MODEL)) {
            m = Path.of(m).toAbsolutePath().toString();
        }
        ComplaintAnalyzer analyzer = new ComplaintAnalyzer(
                rules == null ? "classpath:" + RULES_RESOURCE : rules.toAbsolutePath().toString(), m);
        analyzer.engine();
        return analyzer;
    }

    /** The topic model in use, or null when topics come from the rules alone. */
    public TopicModel model() {
        return engine().model;
    }

    /** The features the topic model reads from a complaint (for training). */
    TopicFeatures.Extracted features(String text) {
        Engine e = engine();
        Segmented s = e.segment(TextNormalizer.normalize(text == null ? "" : text));
        return e.features(s);
    }

    /** The model's probabilities read straight from the tokens, as analyze does (tests compare it with features). */
    double[] modelProbabilities(String text) {
        Engine e = engine();
        Segmented s = e.segment(TextNormalizer.normalize(text == null ? "" : text));
        boolean[] denied = new boolean[s.words().length];
        double[] ruleScores = e.classifier.score(s.words(), s.kinds(), denied);
        return e.model.probabilities(s.words(), s.kinds(), denied, ruleScores);
    }

    /** What training reads of one complaint, from one segmentation: features, the rules' topics, the tokens. */
    record Training(TopicFeatures.Extracted features, List<TopicScore> ruleTopics, List<String> tokens) {}

    Training training(String text, String categoryCode) {
        Engine e = engine();
        Segmented s = e.segment(TextNormalizer.normalize(text == null ? "" : text));
        TopicFeatures.Extracted x = e.features(s);
        return new Training(x, e.classifier.classify(x.ruleScores(), hintOf(categoryCode)), s.tokens());
    }

    /** Analyses one complaint; thread-safe. categoryCode (a topic code or label) may be null. */
    public ComplaintAnalysis analyze(String text, String categoryCode) {
        return engine().analyze(text, categoryCode);
    }

    /** The tokens of a complaint (normalised and segmented, punctuation and spaces left out). */
    public List<String> tokenize(String text) {
        Engine e = engine();
        Segmented s = e.segment(TextNormalizer.normalize(text));
        return s.tokens();
    }

    /**
     * One piece of a segmented text: the original characters {@code [start, end)}, the normalised token they
     * became, and whether it is a word (false for punctuation, which ends clauses and is not a token).
     */
    public record Span(int start, int end, String token, boolean word) {}

    /**
     * The segmentation of a text with offsets into the original text: every piece the analyzer cuts (the
     * tokens of {@link #tokenize} and the punctuation between them), spaces left out. Used to score the
     * segmentation against corpora ({@code scripts/eval-segmentation}).
     */
    public List<Span> segmentation(String text) {
        TextNormalizer.Normalized n = TextNormalizer.normalizeWithOffsets(text);
        Segmented s = engine().segment(n.text());
        List<Span> out = new ArrayList<>(s.words().length);
        for (int i = 0; i < s.words().length; i++) {
            if (s.kinds()[i] == TopicClassifier.SOFT_BREAK && s.words()[i].isBlank()) {
                continue;
            }
            out.add(new Span(n.originalStart(s.starts()[i]), n.originalEnd(s.ends()[i]), s.words()[i],
                    s.kinds()[i] == TopicClassifier.WORD));
        }
        return out;
    }

    private Engine engine() {
        Engine e = engine;
        if (e == null) {
            e = ENGINES.computeIfAbsent(rulesSource + "\u0000" + modelSource,
                    k -> Engine.load(rulesSource, modelSource));
            engine = e;
        }
        return e;
    }

    /** Parses an upstream category: a topic code (SMART_METER) or a Chinese label or label part (智能电表). */
    static Topic hintOf(String categoryCode) {
        if (categoryCode == null || categoryCode.isBlank()) {
            return null;
        }
        String code = categoryCode.strip();
        Topic topic = Topic.fromCode(code);
        if (topic != Topic.OTHER || code.equalsIgnoreCase("OTHER")) {
            return topic;
        }
        for (Topic t : Topic.values()) {
            for (String part : t.label().split("/")) {
                if (part.equals(code)) {
                    return t;
                }
            }
        }
        return null;
    }

    /** Tokens, their kinds, and their characters {@code [starts[i], ends[i])} in the normalised text. */
    /** Words with their kinds, offsets and HanLP natures (the dictionary's usual one, or a recognised name's). */
    record Segmented(String[] words, byte[] kinds, int[] starts, int[] ends, Nature[] natures) {
        List<String> tokens() {
            List<String> out = new ArrayList<>(words.length);
            for (int i = 0; i < words.length; i++) {
                if (kinds[i] == TopicClassifier.WORD) {
                    out.add(words[i]);
                }
            }
            return out;
        }
    }

    /** The loaded state: rules, classifier, keyword extractor; HanLP itself is configured in HanLpRuntime. */
    static final class Engine {
        final TopicRules rules;
        final TopicClassifier classifier;
        final KeywordExtractor keywords;
        final ThemeTerms themeTerms;
        final TopicModel model;
        private final Segment segmenter;
        private final Set<String> domainWords;
        private final StopWords stopWords;

        private Engine(Segment segmenter, TopicRules rules, Set<String> stopwords, Set<String> domainWords,
                TopicModel model) {
            this.segmenter = segmenter;
            this.domainWords = domainWords;
            this.rules = rules;
            this.model = model;
            this.classifier = new TopicClassifier(rules);
            this.stopWords = new StopWords(stopwords,
                    model == null ? List.of() : model.background().frequencies().keySet());
            this.keywords = new KeywordExtractor(stopWords, domainWords, rules.vocabulary,
                    model == null ? null : model.background());
            this.themeTerms = new ThemeTerms(stopWords);
        }

        static Engine load(String rulesSource, String modelSource) {
            try {
                List<String[]> dictionary = readDictionary();
                Segment segmenter = HanLpRuntime.segmenter(DICTIONARY_RESOURCE, dictionary);
                Set<String> domainWords = new HashSet<>();
                for (String[] entry : dictionary) {
                    domainWords.add(entry[0]);
                }
                TopicRules rules;
                if (rulesSource.startsWith("classpath:")) {
                    String resource = rulesSource.substring("classpath:".length());
                    try (Reader reader = openResource(resource)) {
                        rules = TopicRules.parse(reader, resource);
                    }
                } else {
                    try (Reader reader = Files.newBufferedReader(Path.of(rulesSource), StandardCharsets.UTF_8)) {
                        rules = TopicRules.parse(reader, rulesSource);
                    }
                }
                return new Engine(segmenter, rules, readWords(STOPWORDS_RESOURCE), TopicRules.fast(domainWords),
                        loadModel(modelSource));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot load text analysis resources", e);
            }
        }

        static TopicModel loadModel(String source) throws IOException {
            if (source.equals(NO_MODEL)) {
                return null;
            }
            if (source.equals(BUNDLED_MODEL)) {
                InputStream in = ComplaintAnalyzer.class.getClassLoader().getResourceAsStream(MODEL_RESOURCE);
                if (in == null) {
                    throw new IOException("missing resource " + MODEL_RESOURCE + " (train it: scripts/train-topics)");
                }
                return TopicModel.read(in, MODEL_RESOURCE);
            }
            Path file = Path.of(source);
            if (!Files.isRegularFile(file)) {
                throw new IOException("text.topic-model: no model file at " + file);
            }
            try (InputStream in = Files.newInputStream(file)) {
                return TopicModel.read(in, file.toString());
            }
        }

        TopicFeatures.Extracted features(Segmented s) {
            boolean[] denied = new boolean[s.words().length];
            double[] ruleScores = classifier.score(s.words(), s.kinds(), denied);
            return TopicFeatures.extract(s.words(), s.kinds(), denied, ruleScores);
        }

        ComplaintAnalysis analyze(String text, String categoryCode) {
            String original = text == null ? "" : text;
            String normalized = TextNormalizer.normalize(original);
            Segmented s = segment(normalized);
            Topic hint = hintOf(categoryCode);
            List<TopicScore> topics;
            List<Topic> enquiries = List.of();
            if (model == null) {
                topics = classifier.classify(s.words(), s.kinds(), hint);
            } else {
                boolean[] denied = new boolean[s.words().length];
                double[] ruleScores = classifier.score(s.words(), s.kinds(), denied);
                topics = model.classify(s.words(), s.kinds(), denied, ruleScores, hint);
                if (topics.size() == 1 && topics.get(0).topic() == Topic.OTHER) {
                    enquiries = enquiries(classifier.classify(ruleScores, hint)); // only a complaint of no topic asks
                }
            }
            // each token's facts as a common word, read once for the keyword and theme steps
            int[] common = new int[s.words().length];
            for (int i = 0; i < common.length; i++) {
                common[i] = s.kinds()[i] == TopicClassifier.WORD ? stopWords.entry(s.words()[i]) : -1;
            }
            List<String> keywordList = keywords.extract(s.words(), s.kinds(), common);
            return new ComplaintAnalysis(original, normalized, s.tokens(), topics, keywordList,
                    themeTerms.extract(s.words(), s.kinds(), s.natures(), common), enquiries);
        }

        /**
         * The enquiry topics of a complaint the model files under no topic: those of {@link #ENQUIRY_TOPICS} the
         * rules read in it (a question when power returns, how long it has been off). The model follows the
         * labelling rules, for which such a question without a grievance is OTHER; the rules still hear the outage.
         */
        private static List<Topic> enquiries(List<TopicScore> ruleTopics) {
            List<Topic> out = new ArrayList<>(1);
            for (TopicScore r : ruleTopics) {
                if (ENQUIRY_TOPICS.contains(r.topic())) {
                    out.add(r.topic());
                }
            }
            return out;
        }

        Segmented segment(String normalized) {
            if (normalized.isEmpty()) {
                return new Segmented(new String[0], new byte[0], new int[0], new int[0], new Nature[0]);
            }
            List<Term> terms = segmenter.seg(normalized);
            String[] words = new String[terms.size()];
            byte[] kinds = new byte[terms.size()];
            int[] starts = new int[terms.size()];
            int[] ends = new int[terms.size()];
            Nature[] natures = new Nature[terms.size()];
            int n = 0;
            int pos = 0;
            for (Term term : terms) {
                String w = term.word;
                int at = normalized.startsWith(w, pos) ? pos : normalized.indexOf(w, pos);
                if (at < 0) {
                    at = Math.min(pos, normalized.length() - 1);
                }
                pos = Math.min(at + w.length(), normalized.length());
                starts[n] = at;
                ends[n] = pos;
                if (w.isBlank()) {
                    words[n] = " ";
                    kinds[n++] = TopicClassifier.SOFT_BREAK;
                    continue;
                }
                words[n] = w;
                natures[n] = term.nature;
                if (isPunctuation(term, w)) {
                    kinds[n] = SENTENCE_ENDS.indexOf(w.charAt(w.length() - 1)) >= 0
                            ? TopicClassifier.SENTENCE_END
                            : TopicClassifier.SOFT_BREAK;
                } else {
                    kinds[n] = TopicClassifier.WORD;
                }
                n++;
            }
            return mergeQuantities(words, kinds, starts, ends, natures, n);
        }

        private static final String NUMERAL_CHARS = "0123456789零〇一二两三四五六七八九十百千万亿几半多好数整个";
        private static final java.util.Set<String> UNITS = java.util.Set.of(
                "天", "小时", "个小时", "个", "钟头", "分钟", "次", "回", "趟", "遍", "夜", "晚", "晚上", "周", "星期",
                "个月", "月", "年", "日", "号", "时", "分", "秒", "度", "伏", "v", "kv", "块", "块钱", "元", "上午", "下午", "白天", "多", "多小时");

        /**
         * Joins a number with its units ("十五"+"个"+"小时", "两"+"天", "30"+"%", "第"+"三"+"次") so rules can say
         * "*小时" or "*次". A number after a unit starts a new quantity ("2001年"|"1月"|"1日"), and a number that
         * is a dictionary word (95598) is a name, not a quantity.
         */
        private Segmented mergeQuantities(String[] words, byte[] kinds, int[] starts, int[] ends, Nature[] natures,
                int n) {
            String[] outWords = new String[n];
            byte[] outKinds = new byte[n];
            int[] outStarts = new int[n];
            int[] outEnds = new int[n];
            Nature[] outNatures = new Nature[n];
            int m = 0;
            for (int i = 0; i < n; i++) {
                outStarts[m] = starts[i];
                outKinds[m] = kinds[i];
                outNatures[m] = natures[i];
                String w = words[i];
                boolean ordinal = w.equals("第") && i + 1 < n && kinds[i + 1] == TopicClassifier.WORD
                        && isQuantityStart(words[i + 1]);
                if (kinds[i] == TopicClassifier.WORD && (ordinal || isQuantityStart(w))) {
                    StringBuilder merged = new StringBuilder(w);
                    if (ordinal) {
                        merged.append(words[++i]);
                    }
                    boolean unit = false;
                    while (i + 1 < n) {
                        String next = words[i + 1];
                        if (next.equals("%") && !unit && ends[i] == starts[i + 1]) {
                            unit = true; // 30% is one word, not a number followed by a clause break
                        } else if (kinds[i + 1] != TopicClassifier.WORD) {
                            break;
                        } else if (UNITS.contains(next)) {
                            unit |= !next.equals("多"); // 十多个小时: 多 belongs to the number
                        } else if (unit || !isNumeral(next)) {
                            break;
                        }
                        merged.append(next);
                        i++;
                    }
                    w = merged.toString();
                }
                outWords[m] = w;
                outEnds[m++] = ends[i];
            }
            return new Segmented(java.util.Arrays.copyOf(outWords, m), java.util.Arrays.copyOf(outKinds, m),
                    java.util.Arrays.copyOf(outStarts, m), java.util.Arrays.copyOf(outEnds, m),
                    java.util.Arrays.copyOf(outNatures, m));
        }

        private boolean isQuantityStart(String w) {
            return isNumeral(w) && !domainWords.contains(w);
        }

        private static boolean isNumeral(String w) {
            for (int i = 0; i < w.length(); i++) {
                char c = w.charAt(i);
                boolean decimalPoint = c == '.' && i > 0 && i + 1 < w.length()
                        && Character.isDigit(w.charAt(i - 1)) && Character.isDigit(w.charAt(i + 1));
                if (NUMERAL_CHARS.indexOf(c) < 0 && !decimalPoint) {
                    return false;
                }
            }
            return !w.isEmpty() && !(w.length() == 1 && "多好数整个".indexOf(w.charAt(0)) >= 0);
        }

        private static boolean isPunctuation(Term term, String w) {
            if (term.nature != null && term.nature.startsWith('w')) {
                return !w.equals("、"); // an enumeration comma joins items of one clause
            }
            for (int i = 0; i < w.length(); i++) {
                int type = Character.getType(w.charAt(i));
                boolean punct = type >= Character.DASH_PUNCTUATION && type <= Character.OTHER_PUNCTUATION
                        || type == Character.MATH_SYMBOL || type == Character.OTHER_SYMBOL;
                if (!punct) {
                    return false;
                }
            }
            return true;
        }
    }

    private static Reader openResource(String resource) throws IOException {
        InputStream in = ComplaintAnalyzer.class.getClassLoader().getResourceAsStream(resource);
        if (in == null) {
            throw new IOException("missing resource " + resource);
        }
        return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    }

    /** Dictionary lines: word [nature [frequency]]; # starts a comment. */
    static List<String[]> readDictionary() throws IOException {
        List<String[]> entries = new ArrayList<>();
        try (BufferedReader reader = (BufferedReader) openResource(DICTIONARY_RESOURCE)) {
            String line;
            while ((line = reader.readLine()) != null) {
                String trimmed = line.strip();
                if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                    continue;
                }
                String[] cols = trimmed.split("\\s+");
                String word = cols[0].toLowerCase(Locale.ROOT);
                String nature = cols.length > 1 ? cols[1] : "nz";
                String frequency = cols.length > 2 ? cols[2] : "1000";
                entries.add(new String[] {word, nature, frequency});
            }
        }
        return entries;
    }

    private static Set<String> readWords(String resource) throws IOException {
        Set<String> words = new HashSet<>();
        try (BufferedReader reader = (BufferedReader) openResource(resource)) {
            String line;
            while ((line = reader.readLine()) != null) {
                String trimmed = line.strip();
                if (!trimmed.isEmpty() && !trimmed.startsWith("#")) {
                    words.addAll(List.of(trimmed.split("\\s+")));
                }
            }
        }
        return TopicRules.fast(words);
    }
}
