package org.powerhotspots.domain;

/** The departments a planner's alert goes to (SPEC section 3). */
public enum Discipline {
    PLANNING("规划"),
    CONSTRUCTION("建设"),
    OPERATIONS("运维检修"),
    MARKETING("营销/计量"),
    CUSTOMER_SERVICE("客服");

    private final String label;

    Discipline(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
