package org.powerhotspots.domain;

import static org.powerhotspots.domain.Discipline.CONSTRUCTION;
import static org.powerhotspots.domain.Discipline.CUSTOMER_SERVICE;
import static org.powerhotspots.domain.Discipline.MARKETING;
import static org.powerhotspots.domain.Discipline.OPERATIONS;
import static org.powerhotspots.domain.Discipline.PLANNING;

import java.util.List;

/** The complaint topics of SPEC section 3, with their label, group and disciplines. */
public enum Topic {
    OUTAGE_FREQUENT("频繁停电", TopicGroup.SUPPLY, OPERATIONS, PLANNING),
    OUTAGE_NO_NOTICE("停电未通知/停电信息不准", TopicGroup.SUPPLY, OPERATIONS, CUSTOMER_SERVICE),
    OUTAGE_LONG("停电时间长/延时送电", TopicGroup.SUPPLY, OPERATIONS),
    REPAIR_SLOW("抢修不及时/到达超时", TopicGroup.SUPPLY, OPERATIONS),
    VOLTAGE_QUALITY("电压低/电压不稳", TopicGroup.SUPPLY, PLANNING, OPERATIONS),
    SMART_METER("智能电表/计量装置故障", TopicGroup.METERING_BILLING, MARKETING),
    BILLING_DISPUTE("电费异常/抄表差错", TopicGroup.METERING_BILLING, MARKETING),
    ARREARS_DISCONNECTION("欠费停电/复电", TopicGroup.METERING_BILLING, MARKETING),
    PAYMENT_CHANNEL("缴费难/排队/代扣差错", TopicGroup.METERING_BILLING, MARKETING, CUSTOMER_SERVICE),
    SERVICE_CONDUCT("服务态度/服务规范", TopicGroup.SERVICE, CUSTOMER_SERVICE),
    BUSINESS_PROCESS("业扩报装/业务办理", TopicGroup.SERVICE, MARKETING),
    CONSTRUCTION_IMPACT("施工影响/工期延误", TopicGroup.ENGINEERING, CONSTRUCTION),
    SAFETY_HAZARD("安全隐患/线路低垂/漏电", TopicGroup.ENGINEERING, OPERATIONS, CONSTRUCTION),
    EV_CHARGING("充电桩", TopicGroup.NEW_SERVICES, MARKETING),
    DISTRIBUTED_ENERGY("分布式光伏/新能源并网", TopicGroup.NEW_SERVICES, PLANNING, MARKETING),
    OTHER("其他", TopicGroup.OTHER, CUSTOMER_SERVICE);

    private final String label;
    private final TopicGroup group;
    private final List<Discipline> disciplines;

    Topic(String label, TopicGroup group, Discipline... disciplines) {
        this.label = label;
        this.group = group;
        this.disciplines = List.of(disciplines);
    }

    public String label() {
        return label;
    }

    public TopicGroup group() {
        return group;
    }

    public List<Discipline> disciplines() {
        return disciplines;
    }

    public boolean isSupply() {
        return group == TopicGroup.SUPPLY;
    }

    /** Parses a topic code, falling back to OTHER for unknown or missing codes. */
    public static Topic fromCode(String code) {
        if (code == null) {
            return OTHER;
        }
        try {
            return valueOf(code.trim().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return OTHER;
        }
    }
}
