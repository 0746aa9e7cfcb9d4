declare module '@nlpjs/lang-no' {
  export class TokenizerNo {
    tokenize(text: string, normalize?: boolean): string[];
  }
  export class StemmerNo {
    stemWord(word: string): string;
  }
  export class StopwordsNo {
    isStopword(word: string): boolean;
  }
}
