package dev.tapctl.resources.rds;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tapctl.engine.spi.AttributeChange;
import org.junit.jupiter.api.Test;

/** The database's engine version: a floor the instance must meet, never a reason to rebuild it by surprise. */
class EngineVersionTest {

    @Test
    void aMajorVersionIsMetByAnyOfItsMinors() {
        assertThat(EngineVersions.change("16", "16.4")).isEmpty();
        assertThat(EngineVersions.change("16", "16.11"))
                .as("the default, as RDS creates it")
                .isEmpty();
        assertThat(EngineVersions.change("16.4", "16.4")).isEmpty();
    }

    @Test
    void aMinorUpgradeRdsAppliedOnItsOwnIsNoChange() {
        assertThat(EngineVersions.change("16.4", "16.6")).isEmpty();
        assertThat(EngineVersions.change("16.4", "16.10")).isEmpty();
    }

    @Test
    void aHigherVersionIsAnUpgradeInPlace() {
        assertThat(EngineVersions.change("16.8", "16.4")).contains(AttributeChange.of("engineVersion", "16.4", "16.8"));
        assertThat(EngineVersions.change("17", "16.4")).contains(AttributeChange.of("engineVersion", "16.4", "17"));
    }

    @Test
    void onlyALowerMajorVersionNeedsANewInstance() {
        assertThat(EngineVersions.change("15.7", "16.4"))
                .contains(AttributeChange.replacing("engineVersion", "16.4", "15.7"));
        assertThat(EngineVersions.change("15", "16.4"))
                .contains(AttributeChange.replacing("engineVersion", "16.4", "15"));
    }
}
