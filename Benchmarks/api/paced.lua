-- Paces each connection: after every response it waits 47 ms, so ten
-- connections make about 200 requests a second.
function delay()
  return 47
end
