package dev.tapctl.perf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tapctl.aws.AwsClients;
import dev.tapctl.aws.AwsSettings;
import dev.tapctl.engine.spi.DeletesBySpec;
import dev.tapctl.engine.spi.KeepsFinalSnapshots;
import dev.tapctl.engine.spi.ListsOrphans;
import dev.tapctl.engine.spi.ReadsUpstreamOutputs;
import dev.tapctl.engine.spi.RefusesCreation;
import dev.tapctl.engine.spi.RefusesDeletion;
import dev.tapctl.engine.spi.ResourceHandler;
import dev.tapctl.engine.spi.Untagged;
import dev.tapctl.resources.AwsHandlerCatalog;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
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
        assertThat(missing)
                .as("ResourceHandler methods TracedCatalog.Traced does not override")
                .isEmpty();
    }

    private static boolean declares(Class<?> type, Method method) {
        try {
            type.getDeclaredMethod(method.getName(), method.getParameterTypes());
            return true;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }

    /** Every capability; the markers have no methods to pass on, but the wrapper must show them too. */
    private static final List<Class<?>> CAPABILITIES = List.of(
            ListsOrphans.class,
            KeepsFinalSnapshots.class,
            RefusesDeletion.class,
            RefusesCreation.class,
            DeletesBySpec.class,
            ReadsUpstreamOutputs.class,
            Untagged.class);

    @Test
    void theTracedHandlerPassesOnEveryMethodOfEveryCapability() throws Exception {
        Class<?> traced = Class.forName(TracedCatalog.class.getName() + "$Traced");
        List<String> missing = CAPABILITIES.stream()
                .flatMap(capability -> Arrays.stream(capability.getMethods()))
                .filter(m -> !Modifier.isStatic(m.getModifiers()))
                .filter(m -> !declares(traced, m))
                .map(m -> m.getDeclaringClass().getSimpleName() + "." + m.getName())
                .toList();
        assertThat(missing)
                .as("capability methods TracedCatalog.Traced does not override")
                .isEmpty();
    }

    /** The engine asks for a capability by type: the wrapper must have exactly those of the real handler. */
    @Test
    void eachTracedHandlerHasExactlyTheCapabilitiesOfTheHandlerItWraps() {
        try (AwsClients clients = new AwsClients(AwsSettings.defaults("us-east-1", null, null))) {
            AwsHandlerCatalog real = new AwsHandlerCatalog(clients, AwsHandlerCatalog.Options.DEFAULT);
            TracedCatalog traced = new TracedCatalog(real, new CallTrace(LatencyModel.NONE));
            for (String kind : real.kinds()) {
                ResourceHandler<?, ?> handler = real.forKind(kind);
                ResourceHandler<?, ?> wrapper = traced.forKind(kind);
                List<Class<?>> expected =
                        CAPABILITIES.stream().filter(c -> c.isInstance(handler)).toList();
                assertThat(CAPABILITIES.stream().filter(c -> c.isInstance(wrapper)))
                        .as(kind)
                        .containsExactlyElementsOf(expected);
                assertThat(wrapper.kind()).isEqualTo(handler.kind());
            }
            assertThat(Stream.of("aws.ec2.security-group", "aws.rds.db-instance")
                            .map(traced::forKind))
                    .as("some have capabilities")
                    .allMatch(h -> TracedCatalog.capabilities(h).size() > 1);
        }
    }
}
