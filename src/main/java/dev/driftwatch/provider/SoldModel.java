package dev.driftwatch.provider;

import java.math.BigDecimal;

/**
 * One model the app sells, as its catalog lists it: prices in the app's credits per million tokens; any value but the
 * id may be null (the column is absent or the row has none), and is then not compared.
 */
record SoldModel(String id, BigDecimal inputPerMillion, BigDecimal outputPerMillion, Long contextLength, Long maxOutputTokens) {
}
