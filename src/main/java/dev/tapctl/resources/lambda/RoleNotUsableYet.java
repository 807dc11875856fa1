package dev.tapctl.resources.lambda;

import dev.tapctl.aws.Eventually;

/**
 * What Lambda says while a new execution role, or a policy just put on it, has not reached it yet
 * (IAM User Guide, "Changes that I make are not always immediately visible"): the role "cannot be
 * assumed", or (checking the dead-letter queue) it "does not have permissions to call SendMessage
 * on SQS". Both are InvalidParameterValueException, like real configuration errors, so only these
 * wordings are waited out.
 */
final class RoleNotUsableYet {
    static final String ROLE_NOT_ASSUMABLE = "cannot be assumed by Lambda";
    static final String ROLE_LACKS_PERMISSIONS = "The provided execution role does not have permissions";

    private RoleNotUsableYet() {}

    static boolean test(Throwable e) {
        return Eventually.codeAndMessage("InvalidParameterValueException", ROLE_NOT_ASSUMABLE)
                        .test(e)
                || Eventually.codeAndMessage("InvalidParameterValueException", ROLE_LACKS_PERMISSIONS)
                        .test(e);
    }
}
