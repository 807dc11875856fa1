package dev.tapctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The packaged jar knows its version: {@code tapctl --version}, and the version a saved plan
 * records and must be applied with (classes run from the build say "development").
 */
class JarVersionIT {
    @Test
    void theJarReportsTheProjectVersion() throws Exception {
        Path jar = Path.of("target/tapctl.jar");
        assertThat(jar).as("integration tests run after mvn package").exists();
        Process process = new ProcessBuilder("java", "-jar", jar.toString(), "--version")
                .redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();

        String pom = Files.readString(Path.of("pom.xml"));
        String version = pom.substring(pom.indexOf("<version>", pom.indexOf("<artifactId>tapctl</artifactId>")) + 9);
        version = version.substring(0, version.indexOf("</version>"));
        assertThat(process.exitValue()).isZero();
        assertThat(out).isEqualTo("tapctl " + version).doesNotContain("development");
    }
}
