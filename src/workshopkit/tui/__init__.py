"""The facilitator's terminal UI (Textual). It reaches the data only through the Store."""
