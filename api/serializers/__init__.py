"""Read serializers describe what the API returns; write serializers only parse and type-check input, then the
views hand it to the same domain functions the forms use."""
