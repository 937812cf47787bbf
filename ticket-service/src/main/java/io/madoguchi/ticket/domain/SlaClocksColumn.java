package io.madoguchi.ticket.domain;

import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/** The ticket's SLA clocks as the JSON text of column {@code sla_clocks}. */
@Converter
public class SlaClocksColumn implements AttributeConverter<List<SlaClock>, String> {

    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    private static final TypeReference<List<SlaClock>> CLOCKS = new TypeReference<>() {
    };

    @Override
    public String convertToDatabaseColumn(List<SlaClock> clocks) {
        try {
            return clocks == null ? null : JSON.writeValueAsString(clocks);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    @Override
    public List<SlaClock> convertToEntityAttribute(String column) {
        try {
            return column == null ? null : JSON.readValue(column, CLOCKS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("sla_clocks is not a list of clocks: " + column, e);
        }
    }
}
