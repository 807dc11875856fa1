package dev.tapctl.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProgressListenerBothTest {

    /** Records each call it hears, by method name and listener. */
    private static ProgressListener recording(String name, List<String> heard) {
        return new ProgressListener() {
            @Override
            public void started(String id, String verb) {
                heard.add(name + ".started");
            }

            @Override
            public void status(String id, String message) {
                heard.add(name + ".status");
            }

            @Override
            public void waiting(String id, String message, Duration limit) {
                heard.add(name + ".waiting " + limit);
            }

            @Override
            public void finished(String id, String verb, Duration elapsed) {
                heard.add(name + ".finished");
            }

            @Override
            public void failed(String id, String verb, Throwable error, Duration elapsed) {
                heard.add(name + ".failed");
            }
        };
    }

    @Test
    void bothHearEveryCallInOrderAWaitWithItsLimit() {
        List<String> heard = new ArrayList<>();
        ProgressListener both = ProgressListener.both(recording("a", heard), recording("b", heard));
        both.started("x", "creating");
        both.status("x", "tagging");
        both.waiting("x", "waiting for available", Duration.ofMinutes(90));
        both.finished("x", "creating", Duration.ZERO);
        both.failed("x", "creating", new RuntimeException(), Duration.ZERO);

        assertThat(heard)
                .containsExactly(
                        "a.started",
                        "b.started",
                        "a.status",
                        "b.status",
                        "a.waiting PT1H30M",
                        "b.waiting PT1H30M",
                        "a.finished",
                        "b.finished",
                        "a.failed",
                        "b.failed");
    }

    @Test
    void bothOverridesEveryMethodOfTheInterface() {
        Class<?> both = ProgressListener.both(ProgressListener.SILENT, ProgressListener.SILENT)
                .getClass();
        for (Method method : ProgressListener.class.getDeclaredMethods()) {
            if (Modifier.isStatic(method.getModifiers())) {
                continue;
            }
            assertThat(Arrays.stream(both.getDeclaredMethods()).map(Method::getName))
                    .as("both() forwards %s, or a listener behind it would miss it", method.getName())
                    .contains(method.getName());
        }
    }
}
