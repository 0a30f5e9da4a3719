package org.powerhotspots.text;

import org.powerhotspots.domain.Topic;

/** A topic assigned to a complaint with a confidence in [0, 1]. */
public record TopicScore(Topic topic, double confidence) implements java.io.Serializable {}
