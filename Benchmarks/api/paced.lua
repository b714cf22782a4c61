-- Paces each connection: after every response it waits a random 20-74 ms
-- (47 ms on average), so ten connections make about 200 requests a second
-- and arrive independently rather than in lock-step bursts.
math.randomseed(os.time())
function delay()
  return math.random(20, 74)
end
