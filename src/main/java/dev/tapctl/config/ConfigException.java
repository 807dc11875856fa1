package dev.tapctl.config;

import java.util.List;

/**
 * Invalid configuration: every problem names the key, and the file when one file is to blame (not
 * for a value the account or region cannot hold, such as more availability zones than it has; a
 * value AWS refuses to create, such as a PostgreSQL version RDS no longer offers, names the file
 * that set it, where the fix is). Exit code 65.
 */
public final class ConfigException extends RuntimeException {
    private final List<String> problems;

    public ConfigException(List<String> problems) {
        super(String.join(System.lineSeparator(), problems));
        this.problems = List.copyOf(problems);
    }

    public ConfigException(String problem) {
        this(List.of(problem));
    }

    public List<String> problems() {
        return problems;
    }
}
