package io.barwise.model;

import java.util.List;
import java.util.Optional;

/** The input of one evaluation: a platform, its devices, PAT entries already present, and requests in order. */
public record Scenario(Platform platform, List<Device> devices, List<Reservation> reservations, List<Request> requests) {
    public Scenario {
        devices = List.copyOf(devices);
        reservations = List.copyOf(reservations);
        requests = List.copyOf(requests);
    }

    public Optional<Device> device(String bdf) {
        return devices.stream().filter(d -> d.bdf().equals(bdf)).findFirst();
    }
}
