package dev.tapctl.resources.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CredentialsTest {

    @Test
    void thePasswordWrittenIsThePasswordRead() {
        String value = Credentials.encode("admin", "s3cr\"et");

        assertThat(value).isEqualTo("{\"username\":\"admin\",\"password\":\"s3cr\\\"et\"}");
        assertThat(Credentials.password("arn:secret", value)).isEqualTo("s3cr\"et");
    }

    @Test
    void aValueThatIsNotTheJsonIsRefusedWithoutQuotingIt() {
        assertThatThrownBy(() -> Credentials.password("arn:secret", "{not json hunter2"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("secret arn:secret does not hold {\"username\", \"password\"} JSON")
                .hasNoCause();
    }
}
