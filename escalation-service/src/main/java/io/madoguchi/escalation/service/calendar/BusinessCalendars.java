package io.madoguchi.escalation.service.calendar;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** The support team's business calendar, from configuration; checked at start-up so a typo stops the service. */
@ApplicationScoped
public class BusinessCalendars {

    @Produces
    @Singleton
    BusinessCalendar support(
            @ConfigProperty(name = "madoguchi.calendar.zone") ZoneId zone,
            @ConfigProperty(name = "madoguchi.calendar.hours") String hours,
            @ConfigProperty(name = "madoguchi.calendar.japanese-holidays") boolean japaneseHolidays,
            @ConfigProperty(name = "madoguchi.calendar.closures") Optional<List<LocalDate>> closures) {
        return new BusinessCalendar(zone, WeeklyHours.parse(hours), japaneseHolidays,
                closures.orElse(List.of()).stream().collect(Collectors.toUnmodifiableSet()));
    }

}
