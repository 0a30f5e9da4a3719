package org.powerhotspots.text;

import java.util.List;
import org.powerhotspots.domain.Topic;

/**
 * The understanding of one complaint text: normalised form, tokens, topics (best first), keywords, the words
 * and phrases that could carry a theme no topic names ({@link ThemeTerms}), and the topics a complaint of no topic
 * enquires about ({@code enquiries}: "啥时候来电？" during an outage is OTHER by the labelling rules, yet it is the
 * commonest call a long outage brings; surge detection counts it beside that topic's complaints).
 */
public record ComplaintAnalysis(
        String original,
        String normalized,
        List<String> tokens,
        List<TopicScore> topics,
        List<String> keywords,
        List<String> themeTerms,
        List<Topic> enquiries)
        implements java.io.Serializable {

    public ComplaintAnalysis {
        tokens = List.copyOf(tokens);
        topics = topics.isEmpty() ? List.of(new TopicScore(Topic.OTHER, 1.0)) : List.copyOf(topics);
        keywords = List.copyOf(keywords);
        themeTerms = themeTerms == null ? List.of() : List.copyOf(themeTerms);
        enquiries = enquiries == null ? List.of() : List.copyOf(enquiries);
    }

    /** The best topic; OTHER when nothing fits. */
    public Topic primaryTopic() {
        return topics.get(0).topic();
    }
}
