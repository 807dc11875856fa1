package dev.tapctl.stack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tapctl.config.ConfigLoader;
import dev.tapctl.config.TapConfig;
import dev.tapctl.engine.spi.Inputs;
import dev.tapctl.engine.spi.ResourceDef;
import dev.tapctl.engine.spi.Tags;
import dev.tapctl.engine.spi.Unknown;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Resource ids stay strings (they are the identity state and plans know a resource by): each
 * tagged spec's LogicalId tag, written out by its layer, must be its resource's id.
 */
class TapStackTagsTest {
    private static final Inputs PLAN = new Inputs() {
        @Override
        public String accountId() {
            return "123456789012";
        }

        @Override
        public String region() {
            return "us-east-1";
        }

        @Override
        public String output(String id, String key) {
            return Unknown.of(id, key);
        }
    };

    @Test
    void everyTaggedSpecCarriesItsOwnIdInDevProdAndWithoutNat(@TempDir Path dir) throws IOException {
        ConfigLoader loader = new ConfigLoader();
        int tagged = 0;
        for (TapConfig config : List.of(
                loader.load(Path.of("config"), "dev"),
                loader.load(Path.of("config"), "prod"),
                StackDependenciesTest.noNat(dir))) {
            for (ResourceDef<?> def :
                    TapStack.resources(config, StackDependenciesTest.code(config), Zones.unknown(config))) {
                Map<?, ?> tags = tags(def.desired().apply(PLAN));
                if (tags != null) {
                    assertThat(tags.get(Tags.LOGICAL_ID))
                            .as("LogicalId tag of %s", def.id())
                            .isEqualTo(def.id());
                    tagged++;
                }
            }
        }
        assertThat(tagged).as("tagged specs").isGreaterThan(150);
    }

    private static Map<?, ?> tags(Object spec) {
        for (RecordComponent component : spec.getClass().getRecordComponents()) {
            if (component.getName().equals("tags")) {
                try {
                    return (Map<?, ?>) component.getAccessor().invoke(spec);
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return null;
    }
}
