package dev.tapctl.engine.spi;

import java.util.List;
import java.util.Set;
import java.util.function.BiPredicate;
import java.util.function.Function;

/**
 * A listing of one environment's objects that the API can also answer for several environments
 * of the same project with one call: EC2 describes filtered by the Project tag and a list of
 * Environment tags, names under the project's common prefix ({@code tap-}, {@code /tap/}), roles
 * under the project's path. The handler says how to ask for a set of environments and how to tell
 * which environment an object belongs to; {@link SharedReads#environment} decides which set it
 * asks for, so a handler never knows whether it runs for one environment or for many.
 *
 * @param operation the call and every input but the environments, e.g. {@code ec2:DescribeSubnets}
 *     or {@code logs:DescribeLogGroups:/aws/lambda/}; two listings of one operation must answer the same
 * @param project the environment's project: only environments of one project share a listing
 * @param env the environment whose objects are wanted
 * @param list one call (paginated) answering at least every object of the environments given,
 *     which are all of {@code project}; its answer must be immutable
 * @param of whether an object of the answer is one the environment's own listing finds: the same
 *     test the API applies to one environment (its Environment tag, its name's prefix, its path),
 *     so that an object of one environment is never given to another
 */
public record EnvironmentListing<T>(
        String operation, String project, String env, Function<Set<String>, List<T>> list, BiPredicate<T, String> of) {

    /** The listing of this environment alone, as one plan makes it. */
    public List<T> listAlone() {
        return list.apply(Set.of(env));
    }

    /** The objects of {@code answer} (a listing of several environments) that are this environment's. */
    public List<T> mine(List<T> answer) {
        return answer.stream().filter(object -> of.test(object, env)).toList();
    }
}
