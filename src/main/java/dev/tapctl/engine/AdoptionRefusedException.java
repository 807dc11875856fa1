package dev.tapctl.engine;

import java.util.List;

/**
 * The plan would adopt objects tapctl did not make that it must not take over: one whose
 * difference from its spec only a replacement could make (an adopted object is never replaced), or
 * one another tapctl environment or project owns. Refused when the plan is made, before the lock
 * is taken, before the user is asked and before anything changes; every refusal is named at once,
 * one line per refused object: {@code id (name): why}.
 */
public final class AdoptionRefusedException extends PlanRefusedException {
    AdoptionRefusedException(List<String> refusals) {
        super("adoption", refusals);
    }
}
