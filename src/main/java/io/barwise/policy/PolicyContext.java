package io.barwise.policy;

import io.barwise.policy.Views.BarView;
import io.barwise.policy.Views.DeviceView;
import io.barwise.policy.Views.PlatformView;
import io.barwise.policy.Views.RequestView;

/** The variables a policy expression may read: {@code device}, {@code bar}, {@code platform}, {@code request}. */
public record PolicyContext(DeviceView device, BarView bar, PlatformView platform, RequestView request) {}
