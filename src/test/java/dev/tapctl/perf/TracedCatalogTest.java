package dev.tapctl.perf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tapctl.engine.spi.ResourceHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class TracedCatalogTest {

    /**
     * A default the wrapper does not pass on would silently change what the engine does with the
     * traced handler (a stage read before its REST API's id is known), and the figures with it.
     */
    @Test
    void theTracedHandlerPassesOnEveryMethodOfTheInterface() throws Exception {
        Class<?> traced = Class.forName(TracedCatalog.class.getName() + "$Traced");
        List<String> missing = Arrays.stream(ResourceHandler.class.getMethods())
                .filter(m -> !Modifier.isStatic(m.getModifiers()))
                .filter(m -> !declares(traced, m))
                .map(Method::getName)
                .toList();
        assertThat(missing).as("ResourceHandler methods TracedCatalog.Traced does not override").isEmpty();
    }

    private static boolean declares(Class<?> type, Method method) {
        try {
            type.getDeclaredMethod(method.getName(), method.getParameterTypes());
            return true;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }
}
