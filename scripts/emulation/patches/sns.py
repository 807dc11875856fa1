"""The emulator's patches of moto's SNS, one per gap where moto differs from AWS.

Checked against plain moto 5.2.1, matches AWS (no patch):
  - SNS: CreateTopic with KmsMasterKeyId and Tags (GetTopicAttributes returns KmsMasterKeyId,
    ListTagsForResource the tags); GetTopicAttributes of an unknown ARN -> NotFound; DeleteTopic
    of an unknown ARN succeeds; Subscribe of an endpoint already subscribed returns it.
"""

from ..registry import patch


@patch("sns", cite="https://docs.aws.amazon.com/sns/latest/api/API_Subscribe.html")
def patch_sns_email_subscriptions_wait_for_confirmation():
    """An email subscription stays pending until its owner confirms it, as on AWS.

    AWS: https://docs.aws.amazon.com/sns/latest/api/API_Subscribe.html (ReturnSubscriptionArn:
    without it, "if the subscription requires confirmation, the response returns 'pending
    confirmation'" instead of the ARN); ListSubscriptionsByTopic / ListSubscriptions show
    SubscriptionArn "PendingConfirmation" for such a subscription, GetSubscriptionAttributes
    PendingConfirmation "true"; "You can't delete a subscription that's pending confirmation"
    (SNS Developer Guide, "Deleting an Amazon SNS subscription and topic"): Unsubscribe answers
    InvalidParameter "Cannot unsubscribe a subscription that is pending confirmation" (the
    message terraform-provider-aws's aws_sns_topic_subscription checks for). moto confirmed
    every email subscription at once and returned its ARN. No mail is sent, so nothing here
    ever confirms one (SNS deletes it after 48 hours; the emulator keeps it until a reset).
    """
    from moto.core.responses import ActionResult
    from moto.sns.exceptions import SNSInvalidParameter
    from moto.sns.models import SNSBackend
    from moto.sns.responses import SNSResponse

    original_subscribe = SNSBackend.subscribe
    original_unsubscribe = SNSBackend.unsubscribe

    def subscribe(self, topic_arn, endpoint, protocol):
        existing = self._find_subscription(topic_arn, endpoint, protocol)
        subscription = original_subscribe(self, topic_arn, endpoint, protocol)
        if existing is None and protocol == "email":
            subscription.attributes["PendingConfirmation"] = "true"
            subscription.attributes["ConfirmationWasAuthenticated"] = "false"
        return subscription

    def pending(subscription):
        return str(subscription.attributes.get("PendingConfirmation")).lower() == "true"

    def unsubscribe(self, subscription_arn):
        subscription = self.subscriptions.get(subscription_arn)
        if subscription is not None and pending(subscription):
            raise SNSInvalidParameter("Invalid parameter: Cannot unsubscribe a subscription that is pending confirmation")
        return original_unsubscribe(self, subscription_arn)

    original_subscribe_response = SNSResponse.subscribe

    def subscribe_response(self):
        result = original_subscribe_response(self)
        subscription = self.backend.subscriptions.get(result.result["SubscriptionArn"])
        returns_arn = str(self._get_param("ReturnSubscriptionArn")).lower() == "true"
        if subscription is not None and pending(subscription) and not returns_arn:
            return ActionResult({"SubscriptionArn": "pending confirmation"})
        return result

    def listed(subscriptions):
        return [{"SubscriptionArn": "PendingConfirmation" if pending(s) else s.arn, "Owner": s.owner,
                 "Protocol": s.protocol, "Endpoint": s.endpoint, "TopicArn": s.topic.arn} for s in subscriptions]

    def list_subscriptions(self):
        subscriptions, next_token = self.backend.list_subscriptions(next_token=self._get_param("NextToken"))
        return ActionResult({"Subscriptions": listed(subscriptions), "NextToken": next_token})

    def list_subscriptions_by_topic(self):
        subscriptions, next_token = self.backend.list_subscriptions_by_topic(
            self._get_param("TopicArn"), next_token=self._get_param("NextToken"))
        return ActionResult({"Subscriptions": listed(subscriptions), "NextToken": next_token})

    SNSBackend.subscribe = subscribe
    SNSBackend.unsubscribe = unsubscribe
    SNSResponse.subscribe = subscribe_response
    SNSResponse.list_subscriptions = list_subscriptions
    SNSResponse.list_subscriptions_by_topic = list_subscriptions_by_topic
