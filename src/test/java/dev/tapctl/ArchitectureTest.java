package dev.tapctl;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaCall.Predicates.target;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.assignableTo;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.properties.HasName.Predicates.nameMatching;
import static com.tngtech.archunit.core.domain.properties.HasOwner.Predicates.With.owner;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import dev.tapctl.engine.ArchViolationSample;
import dev.tapctl.engine.spi.ArchViolationSpiSample;
import dev.tapctl.engine.spi.Inputs;
import dev.tapctl.stack.ArchViolationStackSample;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.http.SdkHttpClient;

/**
 * The package rule of DESIGN §1, as implemented: {@code cli -> engine -> engine.spi <- resources -> aws},
 * {@code config} and {@code stack} at the bottom. Rules are checked against production classes only;
 * {@link RulesCatchViolations} feeds the same rules two deliberately bad test classes to prove each
 * one can fail.
 */
class ArchitectureTest {
    private static final String TAPCTL = "dev.tapctl..";
    private static final String CLI = "dev.tapctl.cli..";
    private static final String CONFIG = "dev.tapctl.config..";
    private static final String STACK = "dev.tapctl.stack..";
    private static final String ENGINE = "dev.tapctl.engine"; // the package itself, not spi
    private static final String SPI = "dev.tapctl.engine.spi..";
    private static final String RESOURCES = "dev.tapctl.resources..";
    private static final String AWS = "dev.tapctl.aws..";
    private static final String BUNDLE = "dev.tapctl.bundle..";
    private static final String SDK = "software.amazon.awssdk..";

    /** Classes in {@code packagePattern} use no tapctl class outside {@code allowed} (third-party use is not limited here). */
    static ArchRule usesOnlyTapctl(String packagePattern, String... allowed) {
        return noClasses()
                .that()
                .resideInAPackage(packagePattern)
                .should()
                .dependOnClassesThat(resideInAPackage(TAPCTL).and(not(resideInAnyPackage(allowed))))
                .as(String.format("%s uses no tapctl package but %s", packagePattern, String.join(", ", allowed)));
    }

    static final ArchRule SPI_USES_NO_OTHER_TAPCTL_PACKAGE = usesOnlyTapctl(SPI, SPI);

    /** Stricter than the table: the SPI is plain JDK, so handlers and the engine share nothing else. */
    static final ArchRule SPI_USES_ONLY_THE_JDK = classes()
            .that()
            .resideInAPackage(SPI)
            .should()
            .onlyDependOnClassesThat()
            .resideInAnyPackage("java..", SPI)
            .as("engine.spi uses only the JDK and itself");

    static final ArchRule ENGINE_USES_ONLY_SPI = usesOnlyTapctl(ENGINE, ENGINE, SPI);

    static final ArchRule CONFIG_USES_NO_TAPCTL_PACKAGE = usesOnlyTapctl(CONFIG, CONFIG);

    static final ArchRule STACK_USES_CONFIG_AND_SPI = usesOnlyTapctl(STACK, STACK, CONFIG, SPI);

    static final ArchRule RESOURCES_USE_SPI_AWS_STACK_CONFIG =
            usesOnlyTapctl(RESOURCES, RESOURCES, SPI, AWS, STACK, CONFIG);

    static final ArchRule AWS_USES_ONLY_SPI = usesOnlyTapctl(AWS, AWS, SPI);

    static final ArchRule BUNDLE_USES_NO_TAPCTL_PACKAGE =
            usesOnlyTapctl(BUNDLE, BUNDLE).allowEmptyShould(true);

    /** Config, the stack description and the engine are pure: no AWS SDK at all. */
    static final ArchRule PURE_PACKAGES_DO_NOT_TOUCH_THE_SDK = noClasses()
            .that()
            .resideInAnyPackage(CONFIG, STACK, ENGINE, SPI)
            .should()
            .dependOnClassesThat()
            .resideInAPackage(SDK)
            .as("config, stack, engine and engine.spi make no use of the AWS SDK");

    /** The stack is pure data: it declares resources and never reaches AWS, nor any SDK type. */
    static final ArchRule STACK_DOES_NOT_TOUCH_THE_SDK = noClasses()
            .that()
            .resideInAPackage(STACK)
            .should()
            .dependOnClassesThat()
            .resideInAPackage(SDK)
            .as("stack makes no use of the AWS SDK");

    /**
     * The stack reads another resource's outputs only through the {@code Ref} its declaration
     * returned and the spec's {@code OutputKey}: a mistyped id or key is then a compile error, and
     * what a resource reads is what it depends on.
     */
    static final ArchRule STACK_READS_OUTPUTS_ONLY_BY_REF = noClasses()
            .that()
            .resideInAPackage(STACK)
            .should()
            .callMethod(Inputs.class, "output", String.class, String.class)
            .as("stack reads outputs with Inputs.get(Ref, OutputKey), never by id and key strings");

    /**
     * Classes in {@code packagePattern} reach AWS only through {@code dev.tapctl.aws}: no SDK client
     * type and nothing of a service package except its exception types.
     */
    static ArchRule sdkOnlyThroughAws(String packagePattern) {
        return noClasses()
                .that()
                .resideInAPackage(packagePattern)
                .should()
                .dependOnClassesThat(
                        resideInAPackage("software.amazon.awssdk.services..").and(not(assignableTo(Throwable.class))))
                .orShould()
                .dependOnClassesThat(assignableTo(SdkClient.class).or(assignableTo(SdkHttpClient.class)))
                .as(packagePattern
                        + " uses the SDK's clients only through dev.tapctl.aws (service exception types aside)");
    }

    static final ArchRule CLI_USES_SDK_ONLY_THROUGH_AWS = sdkOnlyThroughAws(CLI);

    /** DESIGN §1: aws is the only place that builds SDK clients (region, endpoint, retry mode, timeouts). */
    static final ArchRule ONLY_AWS_BUILDS_CLIENTS = noClasses()
            .that()
            .resideOutsideOfPackage(AWS)
            .should()
            .callMethodWhere(target(nameMatching("builder|create"))
                    .and(target(owner(assignableTo(SdkClient.class).or(assignableTo(SdkHttpClient.class))))))
            .as("only dev.tapctl.aws builds SDK clients");

    static final ArchRule NOTHING_DEPENDS_ON_CLI = noClasses()
            .that()
            .resideOutsideOfPackage(CLI)
            .should()
            .dependOnClassesThat()
            .resideInAPackage(CLI)
            .as("nothing depends on cli");

    static final ArchRule NO_PACKAGE_CYCLES =
            slices().matching("dev.tapctl.(**)").should().beFreeOfCycles().as("tapctl packages are free of cycles");

    private static JavaClasses production;

    /**
     * ArchUnit's default dependency resolution is kept on purpose (about 4 s): the client rules need
     * the supertypes of SDK classes that are only referenced, and with resolution narrowed they
     * silently stop seeing {@code KmsClient} as an {@code SdkClient} ({@link RulesCatchViolations} fails then).
     */
    @BeforeAll
    static void importProductionClasses() {
        production = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.tapctl");
    }

    @Test
    void importsProductionClassesOnly() {
        assertThat(production.contain("dev.tapctl.engine.Planner")).isTrue();
        assertThat(production.contain("dev.tapctl.cli.Main")).isTrue();
        assertThat(production.contain(ArchViolationSample.class)).isFalse();
        assertThat(production.contain(ArchViolationSpiSample.class)).isFalse();
        assertThat(production.contain(ArchitectureTest.class)).isFalse();
    }

    @Test
    void spiUsesNoOtherTapctlPackage() {
        SPI_USES_NO_OTHER_TAPCTL_PACKAGE.check(production);
    }

    @Test
    void spiUsesOnlyTheJdk() {
        SPI_USES_ONLY_THE_JDK.check(production);
    }

    @Test
    void engineUsesOnlyTheSpi() {
        ENGINE_USES_ONLY_SPI.check(production);
    }

    @Test
    void configUsesNoTapctlPackage() {
        CONFIG_USES_NO_TAPCTL_PACKAGE.check(production);
    }

    @Test
    void stackUsesOnlyConfigAndSpi() {
        STACK_USES_CONFIG_AND_SPI.check(production);
    }

    @Test
    void resourcesUseOnlySpiAwsStackAndConfig() {
        RESOURCES_USE_SPI_AWS_STACK_CONFIG.check(production);
    }

    @Test
    void awsUsesOnlyTheSpi() {
        AWS_USES_ONLY_SPI.check(production);
    }

    @Test
    void bundleUsesNoTapctlPackage() {
        BUNDLE_USES_NO_TAPCTL_PACKAGE.check(production);
    }

    @Test
    void configStackAndEngineDoNotTouchTheSdk() {
        PURE_PACKAGES_DO_NOT_TOUCH_THE_SDK.check(production);
    }

    @Test
    void stackDoesNotTouchTheSdk() {
        STACK_DOES_NOT_TOUCH_THE_SDK.check(production);
    }

    @Test
    void stackReadsOutputsOnlyByRef() {
        STACK_READS_OUTPUTS_ONLY_BY_REF.check(production);
    }

    @Test
    void cliUsesTheSdkOnlyThroughAws() {
        CLI_USES_SDK_ONLY_THROUGH_AWS.check(production);
    }

    @Test
    void onlyAwsBuildsClients() {
        ONLY_AWS_BUILDS_CLIENTS.check(production);
    }

    @Test
    void nothingDependsOnCli() {
        NOTHING_DEPENDS_ON_CLI.check(production);
    }

    @Test
    void noCyclesBetweenPackages() {
        NO_PACKAGE_CYCLES.check(production);
    }

    /** Each rule, fed classes that break it, must fail and name the offender. */
    @Nested
    class RulesCatchViolations {
        private final JavaClasses bad =
                new ClassFileImporter().importClasses(ArchViolationSample.class, ArchViolationSpiSample.class);

        private void assertCatches(ArchRule rule, String... inMessage) {
            assertThatThrownBy(() -> rule.check(bad))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContainingAll(inMessage);
        }

        @Test
        void engineUsingCliIsCaught() {
            assertCatches(ENGINE_USES_ONLY_SPI, ArchViolationSample.class.getName(), "dev.tapctl.cli.GlobalOptions");
        }

        @Test
        void spiUsingEngineIsCaught() {
            assertCatches(
                    SPI_USES_NO_OTHER_TAPCTL_PACKAGE, ArchViolationSpiSample.class.getName(), "dev.tapctl.engine.Plan");
            assertCatches(SPI_USES_ONLY_THE_JDK, "dev.tapctl.engine.Plan");
        }

        @Test
        void dependingOnCliIsCaught() {
            assertCatches(NOTHING_DEPENDS_ON_CLI, "dev.tapctl.cli.GlobalOptions");
        }

        @Test
        void inlinedConstantsAreABlindSpot() {
            // Byte code keeps no trace of a compile-time constant (ExitCodes.FAILURE): no rule can see
            // that use. Rules protect types, methods and non-constant fields, not static final literals.
            assertThatThrownBy(() -> NOTHING_DEPENDS_ON_CLI.check(bad)).hasMessageNotContaining("ExitCodes");
        }

        @Test
        void aPackageCycleIsCaught() {
            assertCatches(NO_PACKAGE_CYCLES, "Cycle", "engine", "engine.spi");
        }

        @Test
        void sdkInEngineIsCaught() {
            assertCatches(PURE_PACKAGES_DO_NOT_TOUCH_THE_SDK, "KmsClient");
        }

        @Test
        void clientBuiltOutsideAwsIsCaught() {
            assertCatches(ONLY_AWS_BUILDS_CLIENTS, "KmsClient.builder()");
        }

        @Test
        void sdkClientOutsideAwsIsCaughtButServiceExceptionsAreAllowed() {
            ArchRule rule = sdkOnlyThroughAws(ENGINE);
            assertThatThrownBy(() -> rule.check(bad))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("KmsClient")
                    .hasMessageNotContaining("NotFoundException");
        }

        @Test
        void packagesOutsideAnAllowListAreCaught() {
            // The same factory every per-package rule uses, pointed at the bad engine class.
            assertCatches(
                    usesOnlyTapctl(ENGINE, ENGINE),
                    "dev.tapctl.engine.spi.ArchViolationSpiSample",
                    "dev.tapctl.cli.GlobalOptions");
        }

        @Test
        void aStackReadingOutputsByStringsOrUsingTheSdkIsCaught() {
            JavaClasses badStack = new ClassFileImporter().importClasses(ArchViolationStackSample.class);
            assertThatThrownBy(() -> STACK_READS_OUTPUTS_ONLY_BY_REF.check(badStack))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContainingAll(ArchViolationStackSample.class.getName(), "Inputs.output");
            assertThatThrownBy(() -> STACK_DOES_NOT_TOUCH_THE_SDK.check(badStack))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContainingAll(ArchViolationStackSample.class.getName(), "Region");
            assertThat(badStack.get(ArchViolationStackSample.class).getPackageName())
                    .isEqualTo("dev.tapctl.stack");
        }

        @Test
        void theBadClassesReallyAreInTheCheckedPackages() {
            JavaClass engineSample = bad.get(ArchViolationSample.class);
            JavaClass spiSample = bad.get(ArchViolationSpiSample.class);
            assertThat(engineSample.getPackageName()).isEqualTo("dev.tapctl.engine");
            assertThat(spiSample.getPackageName()).isEqualTo("dev.tapctl.engine.spi");
        }
    }
}
