package dev.tapctl.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PolicyDocumentsTest {

    /** The flow-log role's inline policy as tapctl writes it (lists everywhere). */
    private static final String WRITTEN = """
            {"Version":"2012-10-17","Statement":[
              {"Sid":"WriteFlowLogsToTheGroup","Effect":"Allow",
               "Action":["logs:CreateLogStream","logs:DescribeLogStreams","logs:PutLogEvents"],
               "Resource":["arn:aws:logs:us-east-1:123456789012:log-group:/tap/test/vpc-flow-logs",
                           "arn:aws:logs:us-east-1:123456789012:log-group:/tap/test/vpc-flow-logs:log-stream:*"]},
              {"Sid":"FindTheGroup","Effect":"Allow","Action":["logs:DescribeLogGroups"],
               "Resource":["arn:aws:logs:us-east-1:123456789012:log-group:*"]}]}""";

    /** The flow-log role's trust policy as tapctl writes it. */
    private static final String TRUST = """
            {"Version":"2012-10-17","Statement":[{"Sid":"VpcFlowLogsAssumesRole","Effect":"Allow",
              "Principal":{"Service":["vpc-flow-logs.amazonaws.com"]},"Action":["sts:AssumeRole"],
              "Condition":{"StringEquals":{"aws:SourceAccount":["123456789012"]},
                           "ArnLike":{"aws:SourceArn":["arn:aws:ec2:us-east-1:123456789012:vpc-flow-log/*"]}}}]}""";

    /** RFC 3986 encoding as IAM returns it: space is %20, '+' is %2B. */
    private static String iamEncode(String json) {
        return URLEncoder.encode(json, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static JsonNode parse(String document) {
        return PolicyDocuments.parse(document);
    }

    @Test
    void plainAndUrlEncodedDocumentsParseToTheSameJson() {
        JsonNode plain = parse(WRITTEN);
        String encoded = iamEncode(WRITTEN);
        assertThat(encoded).startsWith("%7B%22Version%22");

        assertThat(parse(encoded)).isEqualTo(plain);
        assertThat(parse("  " + WRITTEN + "\n")).isEqualTo(plain);
    }

    @Test
    void aPlusInAnEncodedDocumentStaysAPlus() {
        // IAM (RFC 3986) encodes '+' as %2B; a literal '+' is never a space as in form encoding.
        String json = "{\"Condition\":{\"StringEquals\":{\"aws:PrincipalTag/team\":\"a+b c\"}}}";
        String withPercent2B = "%7B%22Condition%22%3A%7B%22StringEquals%22%3A%7B%22aws%3APrincipalTag%2Fteam%22"
                + "%3A%22a%2Bb%20c%22%7D%7D%7D";
        String withLiteralPlus = withPercent2B.replace("%2B", "+");

        assertThat(parse(withPercent2B)).isEqualTo(parse(json));
        assertThat(parse(withLiteralPlus)).isEqualTo(parse(json));
        assertThat(parse(withLiteralPlus)
                        .at("/Condition/StringEquals/aws:PrincipalTag~1team")
                        .asText())
                .isEqualTo("a+b c");
    }

    @Test
    void aPlusOrPercentInAPlainDocumentIsNotDecoded() {
        JsonNode doc = parse("{\"Sid\":\"a+b%20c\"}");
        assertThat(doc.get("Sid").asText()).isEqualTo("a+b%20c");
    }

    @Test
    void somethingThatIsNotJsonIsRefusedWithAClearMessage() {
        assertThatThrownBy(() -> parse("{not json"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("policy document is not JSON");
        assertThatThrownBy(() -> parse("%7Bnot%20json")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void keyOrderDoesNotCount() {
        String reordered = """
                {"Statement":[
                  {"Resource":["arn:aws:logs:us-east-1:123456789012:log-group:/tap/test/vpc-flow-logs",
                               "arn:aws:logs:us-east-1:123456789012:log-group:/tap/test/vpc-flow-logs:log-stream:*"],
                   "Action":["logs:CreateLogStream","logs:DescribeLogStreams","logs:PutLogEvents"],
                   "Effect":"Allow","Sid":"WriteFlowLogsToTheGroup"},
                  {"Resource":["arn:aws:logs:us-east-1:123456789012:log-group:*"],"Effect":"Allow",
                   "Action":["logs:DescribeLogGroups"],"Sid":"FindTheGroup"}],
                 "Version":"2012-10-17"}""";
        assertThat(PolicyDocuments.equivalent(parse(WRITTEN), parse(reordered))).isTrue();
    }

    @Test
    void aOneItemListAndAStringAreTheSameForActionResourceAndPrincipalService() {
        String asStrings = """
                {"Version":"2012-10-17","Statement":[{"Sid":"VpcFlowLogsAssumesRole","Effect":"Allow",
                  "Principal":{"Service":"vpc-flow-logs.amazonaws.com"},"Action":"sts:AssumeRole",
                  "Condition":{"StringEquals":{"aws:SourceAccount":"123456789012"},
                               "ArnLike":{"aws:SourceArn":"arn:aws:ec2:us-east-1:123456789012:vpc-flow-log/*"}}}]}""";
        assertThat(PolicyDocuments.equivalent(parse(TRUST), parse(asStrings))).isTrue();
        assertThat(PolicyDocuments.equivalent(parse(asStrings), parse(TRUST))).isTrue();

        String resourceAsString = WRITTEN.replace(
                        "\"Resource\":[\"arn:aws:logs:us-east-1:123456789012:log-group:*\"]",
                        "\"Resource\":\"arn:aws:logs:us-east-1:123456789012:log-group:*\"")
                .replace("\"Action\":[\"logs:DescribeLogGroups\"]", "\"Action\":\"logs:DescribeLogGroups\"");
        assertThat(resourceAsString).isNotEqualTo(WRITTEN);
        assertThat(PolicyDocuments.equivalent(parse(WRITTEN), parse(resourceAsString)))
                .isTrue();
    }

    @Test
    void aSingleStatementObjectIsTheSameAsAOneStatementList() {
        String asObject = TRUST.replace("\"Statement\":[{", "\"Statement\":{").replace("}}}]}", "}}}}");
        assertThat(parse(asObject).get("Statement").isObject()).isTrue();
        assertThat(PolicyDocuments.equivalent(parse(TRUST), parse(asObject))).isTrue();
    }

    @Test
    void theOrderOfStatementsAndOfListItemsDoesNotCount() {
        String swapped = """
                {"Version":"2012-10-17","Statement":[
                  {"Sid":"FindTheGroup","Effect":"Allow","Action":"logs:DescribeLogGroups",
                   "Resource":"arn:aws:logs:us-east-1:123456789012:log-group:*"},
                  {"Sid":"WriteFlowLogsToTheGroup","Effect":"Allow",
                   "Action":["logs:PutLogEvents","logs:CreateLogStream","logs:DescribeLogStreams"],
                   "Resource":["arn:aws:logs:us-east-1:123456789012:log-group:/tap/test/vpc-flow-logs:log-stream:*",
                               "arn:aws:logs:us-east-1:123456789012:log-group:/tap/test/vpc-flow-logs"]}]}""";
        assertThat(PolicyDocuments.equivalent(parse(WRITTEN), parse(swapped))).isTrue();
    }

    @Test
    void whatIamReturnsIsEquivalentToWhatWasWritten() {
        // IAM: URL-encoded, keys reordered, one-item lists collapsed to strings.
        String returned = iamEncode("""
                {"Statement":[{"Condition":{"ArnLike":{"aws:SourceArn":"arn:aws:ec2:us-east-1:123456789012:vpc-flow-log/*"},
                  "StringEquals":{"aws:SourceAccount":"123456789012"}},"Action":"sts:AssumeRole",
                  "Principal":{"Service":"vpc-flow-logs.amazonaws.com"},"Effect":"Allow","Sid":"VpcFlowLogsAssumesRole"}],
                 "Version":"2012-10-17"}""");
        assertThat(PolicyDocuments.equivalent(parse(TRUST), parse(returned))).isTrue();
    }

    @Test
    void anotherActionIsADifference() {
        String moreActions = WRITTEN.replace("\"logs:PutLogEvents\"", "\"logs:PutLogEvents\",\"logs:DeleteLogGroup\"");
        String otherAction = WRITTEN.replace("\"logs:PutLogEvents\"", "\"logs:DeleteLogGroup\"");
        String fewerActions = WRITTEN.replace(",\"logs:PutLogEvents\"", "");
        String wildcard = WRITTEN.replace("\"logs:PutLogEvents\"", "\"logs:*\"");
        for (String changed : new String[] {moreActions, otherAction, fewerActions, wildcard}) {
            assertThat(changed).isNotEqualTo(WRITTEN);
            assertThat(PolicyDocuments.equivalent(parse(WRITTEN), parse(changed)))
                    .as(changed)
                    .isFalse();
        }
    }

    @Test
    void anotherResourceIsADifference() {
        String otherGroup = WRITTEN.replace("/tap/test/vpc-flow-logs\"", "/tap/prod/vpc-flow-logs\"");
        String anyResource = WRITTEN.replace("\"arn:aws:logs:us-east-1:123456789012:log-group:*\"", "\"*\"");
        for (String changed : new String[] {otherGroup, anyResource}) {
            assertThat(changed).isNotEqualTo(WRITTEN);
            assertThat(PolicyDocuments.equivalent(parse(WRITTEN), parse(changed)))
                    .as(changed)
                    .isFalse();
        }
    }

    @Test
    void anotherConditionValueOrPrincipalOrEffectIsADifference() {
        String otherAccount =
                TRUST.replace("\"aws:SourceAccount\":[\"123456789012\"]", "\"aws:SourceAccount\":[\"210987654321\"]");
        String otherOperator = TRUST.replace("\"ArnLike\"", "\"ArnEquals\"");
        String noCondition = """
                {"Version":"2012-10-17","Statement":[{"Sid":"VpcFlowLogsAssumesRole","Effect":"Allow",
                  "Principal":{"Service":["vpc-flow-logs.amazonaws.com"]},"Action":["sts:AssumeRole"]}]}""";
        String otherService = TRUST.replace("vpc-flow-logs.amazonaws.com", "lambda.amazonaws.com");
        String deny = TRUST.replace("\"Allow\"", "\"Deny\"");
        for (String changed : new String[] {otherAccount, otherOperator, noCondition, otherService, deny}) {
            assertThat(changed).isNotEqualTo(TRUST);
            assertThat(PolicyDocuments.equivalent(parse(TRUST), parse(changed)))
                    .as(changed)
                    .isFalse();
        }
    }

    @Test
    void aStatementMoreOrLessIsADifference() {
        String oneStatement = """
                {"Version":"2012-10-17","Statement":[{"Sid":"FindTheGroup","Effect":"Allow",
                 "Action":["logs:DescribeLogGroups"],"Resource":["arn:aws:logs:us-east-1:123456789012:log-group:*"]}]}""";
        assertThat(PolicyDocuments.equivalent(parse(WRITTEN), parse(oneStatement)))
                .isFalse();
    }

    @Test
    void toJsonRoundTrips() {
        JsonNode doc = parse(WRITTEN);
        assertThat(parse(PolicyDocuments.toJson(doc))).isEqualTo(doc);
    }
}
