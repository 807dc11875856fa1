"""Realism: API Gateway's fixed control-plane quotas (HTTP 429)."""

import json
import time
from urllib.parse import unquote

from .core import APIGATEWAY_QUOTAS, APIGATEWAY_TOTAL_BURST, APIGATEWAY_TOTAL_RATE, Behaviour, Reply, request_id


def _apigateway_operation(method, path):
    """The API Gateway operation of a REST request, for those with a fixed quota."""
    parts = [unquote(p) for p in path.strip("/").split("/") if p]
    n = len(parts)
    if n >= 1 and parts[0] == "restapis":
        if n == 1 and method == "POST":
            return "CreateRestApi"
        if n == 2:
            return {"DELETE": "DeleteRestApi", "PUT": "PutRestApi"}.get(method)
        if n == 3 and parts[2] == "deployments" and method == "POST":
            return "CreateDeployment"
        if n == 3 and parts[2] == "resources" and method == "GET":
            return "GetResources"
        if n == 4 and parts[2] == "resources":
            return {"POST": "CreateResource", "DELETE": "DeleteResource"}.get(method)
    if parts == ["account"] and method == "PATCH":
        return "UpdateAccount"
    if n == 2 and parts[0] == "usageplans" and method == "PATCH":
        return "UpdateUsagePlan"
    if n >= 1 and parts[0] == "apikeys":
        if n == 1 and method == "POST":
            return "CreateApiKey"
        if n == 2 and method == "DELETE":
            return "DeleteApiKey"
    return None


class _TokenBucket:
    def __init__(self, rate, capacity):
        self.rate = float(rate)
        self.capacity = float(capacity)
        self.tokens = float(capacity)
        self.at = time.monotonic()

    def refill(self, now):
        if now > self.at:
            self.tokens = min(self.capacity, self.tokens + (now - self.at) * self.rate)
            self.at = now


class ApiGatewayControlPlaneQuotas(Behaviour):
    """API Gateway's fixed control-plane quotas as per-account, per-Region token buckets:
    CreateApiKey 5/s, CreateDeployment 1 per 5 s, CreateResource 5/s, CreateRestApi 1 per 3 s,
    DeleteApiKey 5/s, DeleteResource 5/s, DeleteRestApi 1 per 30 s, GetResources 5 per 2 s,
    PutRestApi 1/s, UpdateAccount 1 per 20 s, UpdateUsagePlan 1 per 20 s (APIGATEWAY_QUOTAS),
    and all operations together 10 per second with a burst of 40. A request over its bucket ->
    HTTP 429, header x-amzn-ErrorType TooManyRequestsException, body {"message":"Too Many
    Requests"} (counters apigateway.too_many_requests and
    apigateway.too_many_requests.<Operation>, .Total for the total bucket). A refused request
    takes no token; a request let through takes one from its bucket and from the total even
    if it then fails.

    AWS: https://docs.aws.amazon.com/apigateway/latest/developerguide/limits.html ("API Gateway
    quotas for creating, deploying and managing an API": fixed quotas that "can't be
    increased"; "Total operations: 10 requests per second with a burst quota of 40 requests
    per second") and https://docs.aws.amazon.com/apigateway/latest/api/CommonErrors.html
    (TooManyRequestsException, HTTP 429). CreateRestApi uses the regional/private quota
    (1 per 3 s) whatever the endpoint type.
    """

    def __init__(self, realism):
        super().__init__(realism)
        self.buckets = {}  # (account, region, operation or "Total") -> _TokenBucket

    def _bucket(self, call, name):
        key = (call.account, call.region, name)
        if key not in self.buckets:
            if name == "Total":
                self.buckets[key] = _TokenBucket(APIGATEWAY_TOTAL_RATE, APIGATEWAY_TOTAL_BURST)
            else:
                requests, seconds = APIGATEWAY_QUOTAS[name]
                self.buckets[key] = _TokenBucket(requests / seconds, requests)
        return self.buckets[key]

    def before(self, call):
        if call.service != "apigateway":
            return None
        now = time.monotonic()
        operation = _apigateway_operation(call.method, call.path)
        buckets = [(operation, self._bucket(call, operation))] if operation else []
        buckets.append(("Total", self._bucket(call, "Total")))
        for name, bucket in buckets:
            bucket.refill(now)
            if bucket.tokens < 1:
                self.count("apigateway.too_many_requests")
                self.count(f"apigateway.too_many_requests.{name}")
                return Reply(429, [("Content-Type", "application/json"),
                                   ("x-amzn-ErrorType", "TooManyRequestsException"),
                                   ("x-amzn-RequestId", request_id())],
                             json.dumps({"message": "Too Many Requests"}))
        for _, bucket in buckets:
            bucket.tokens -= 1
        return None
