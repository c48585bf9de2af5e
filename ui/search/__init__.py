"""The search screen: find notes, names, case references and agreement items."""
