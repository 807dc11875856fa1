package dev.tapctl.engine.spi;

/**
 * Says which part of its spec a kind's {@link ResourceHandler#read} looks the object up by, for
 * a kind whose spec holds more than that: a role is found by its name and path, whatever its
 * policies say. A plan begins its reads before it knows the account id and the zones
 * (tapctl's first questions to AWS); a kind is read then when this part holds none of them, and
 * after the answers otherwise. A kind that does not say is read after them when anything of its
 * spec holds one (a bucket's name, a subnet's zone), which is right but a round later.
 */
public interface ReadsBy<S> {

    /** The part of {@code spec} the read uses, and the only part. */
    Object readsBy(S spec);
}
