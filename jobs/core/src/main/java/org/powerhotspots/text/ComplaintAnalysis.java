package org.powerhotspots.text;

import java.util.List;
import org.powerhotspots.domain.Topic;

/**
 * The understanding of one complaint text: normalised form, tokens, topics (best first), keywords, and the words
 * and phrases that could carry a theme no topic names ({@link ThemeTerms}).
 */
public record ComplaintAnalysis(
        String original,
        String normalized,
        List<String> tokens,
        List<TopicScore> topics,
        List<String> keywords,
        List<String> themeTerms)
        implements java.io.Serializable {

    public ComplaintAnalysis {
        tokens = List.copyOf(tokens);
        topics = topics.isEmpty() ? List.of(new TopicScore(Topic.OTHER, 1.0)) : List.copyOf(topics);
        keywords = List.copyOf(keywords);
        themeTerms = themeTerms == null ? List.of() : List.copyOf(themeTerms);
    }

    /** The best topic; OTHER when nothing fits. */
    public Topic primaryTopic() {
        return topics.get(0).topic();
    }
}
