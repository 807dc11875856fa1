package dev.tapctl.resources.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tapctl.engine.spi.DeleteResult;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class MissingTest {

    @Test
    void aDeleteThatRanIsDeleted() {
        AtomicInteger calls = new AtomicInteger();

        assertThat(Missing.deleted(calls::incrementAndGet, IllegalArgumentException.class))
                .isEqualTo(DeleteResult.deleted());
        assertThat(calls).hasValue(1);
    }

    @Test
    void aDeleteOfAnObjectAlreadyGoneIsDeletedToo() {
        assertThat(Missing.deleted(
                        () -> {
                            throw new IllegalArgumentException("not found");
                        },
                        IllegalArgumentException.class))
                .isEqualTo(DeleteResult.deleted());
    }

    @Test
    void anyOtherErrorOfTheDeleteIsThrownAsItWas() {
        IllegalStateException refused = new IllegalStateException("in use");

        assertThatThrownBy(() -> Missing.deleted(
                        () -> {
                            throw refused;
                        },
                        IllegalArgumentException.class))
                .isSameAs(refused);
    }
}
