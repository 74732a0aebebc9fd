package io.barwise.rules;

import io.barwise.model.Intent;

/** The intent a request is decided under, and where it came from (the request, or a policy rule). */
public record WantedIntent(int req, Intent intent, String source) implements Facts.PerRequest {}
