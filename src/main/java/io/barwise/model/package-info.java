/**
 * The immutable records barwise reads and answers with: a {@link io.barwise.model.Scenario}
 * (platform, devices, PAT reservations, requests) goes in, a {@link io.barwise.model.Decision}
 * per request comes out.
 */
package io.barwise.model;
