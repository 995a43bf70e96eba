package dev.dcgan.spark;

import java.io.Serializable;
import java.util.Map;

/** One training of a sweep: its id ({@code t000}, ...) and the values of the swept options. */
public record Trial(String id, Map<String, String> params) implements Serializable {}
