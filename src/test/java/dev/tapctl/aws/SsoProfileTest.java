package dev.tapctl.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.profiles.ProfileFile;

/**
 * IAM Identity Center profiles are how most platform teams sign in; the SDK finds their
 * credentials provider on the class path by name, so a build without the sso modules fails only
 * when such a profile is used.
 */
class SsoProfileTest {

    @Test
    void anIdentityCenterProfileIsUnderstood(@TempDir Path dir) throws Exception {
        Path config = Files.writeString(dir.resolve("config"), """
                [profile platform]
                sso_session = corp
                sso_account_id = 111122223333
                sso_role_name = PlatformEngineer
                region = eu-west-1

                [sso-session corp]
                sso_start_url = https://corp.awsapps.com/start
                sso_region = eu-west-1
                """);
        ProfileFile profiles = ProfileFile.builder()
                .content(config)
                .type(ProfileFile.Type.CONFIGURATION)
                .build();

        // No cached sign-in exists here, so resolving fails, but on the missing token (read from
        // the local cache, before any call), not on a missing module.
        Throwable error = catchThrowable(() -> ProfileCredentialsProvider.builder()
                .profileFile(profiles)
                .profileName("platform")
                .build()
                .resolveCredentials());

        assertThat(error).isNotNull();
        assertThat(error).hasStackTraceContaining("sso").satisfies(e -> assertThat(stackText(e))
                .doesNotContain("must be on the class path"));
    }

    private static String stackText(Throwable e) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            text.append(t).append('\n');
        }
        return text.toString();
    }
}
