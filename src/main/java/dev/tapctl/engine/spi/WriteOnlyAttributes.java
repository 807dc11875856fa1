package dev.tapctl.engine.spi;

import java.util.Map;

/**
 * A kind with attributes tapctl sets but can never read back (a generated password, an API key's
 * value), so no plan or drift check compares them. Declared so that a drift report names them as
 * not compared rather than leaving them out silently.
 */
public interface WriteOnlyAttributes {
    /** Each attribute that is never read, with why. */
    Map<String, String> writeOnly();
}
