package io.barwise.policy;

import io.barwise.policy.Views.BarView;
import io.barwise.policy.Views.DeviceView;
import io.barwise.policy.Views.PlatformView;
import io.barwise.policy.Views.RequestView;

/** The variables a policy expression may read: {@code device}, {@code bar}, {@code platform}, {@code request}. */
public record PolicyContext(DeviceView device, BarView bar, PlatformView platform, RequestView request) {

    /** The context of one request of a scenario; the request's device and BAR must exist. */
    public static PolicyContext of(io.barwise.model.Scenario s, io.barwise.model.Request r) {
        var d = s.device(r.device()).orElseThrow();
        return new PolicyContext(new DeviceView(d), new BarView(d.bar(r.bar()).orElseThrow()), new PlatformView(s.platform()),
                new RequestView(r));
    }
}
