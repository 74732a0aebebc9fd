package io.barwise.rules;

import io.barwise.policy.PolicyContext;

/** What policy expressions see for one request. */
public record RequestScope(int req, PolicyContext context) implements Facts.PerRequest {}
