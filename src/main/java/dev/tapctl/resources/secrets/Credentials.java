package dev.tapctl.resources.secrets;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The value of a database's secret, {@code {"username": ..., "password": ...}}: written here for
 * {@link SecretHandler} and read here for the database's create, so both ends share one format. No
 * message ever includes the value, nor a cause whose message could quote it: it holds a password.
 */
public final class Credentials {
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private Credentials() {}

    /** The secret value holding {@code username} and {@code password}. */
    static String encode(String username, String password) {
        Map<String, String> value = new LinkedHashMap<>();
        value.put("username", username);
        value.put("password", password);
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            // Never include the value: the message would carry the password.
            throw new IllegalStateException("cannot encode the generated credentials");
        }
    }

    /** The password in {@code value}, the secret value of {@code secretArn}. */
    public static String password(String secretArn, String value) {
        try {
            return JSON.readTree(value).path("password").asText();
        } catch (Exception e) {
            // Never include the cause: its message could quote the secret value.
            throw new IllegalStateException("secret " + secretArn + " does not hold {\"username\", \"password\"} JSON");
        }
    }
}
