"""Where a resident is: gazetteer, postcodes, geography and the neighbourhoods loader."""
